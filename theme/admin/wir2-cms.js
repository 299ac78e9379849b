// The site's own parts of the browser editor (Decap CMS), loaded after decap-cms.js.
//
// Widget "wir2-datum": the browser's own date picker (<input type="date">), so a date is picked rather
// than typed. It writes a date as 2025-05-06, as the data files have it (wir2.load.schema.date also
// reads 06.05.2025, which it shows as that day). With `offen: true` (the first day of an event) a box
// „Termin steht noch nicht fest“ writes `offen` instead („Termin folgt“ on the site). A value the
// editor does not touch is written back as it was, so saving unchanged data changes no byte.
(function () {
  "use strict";
  var CMS = window.CMS, createClass = window.createClass, h = window.h;
  var GERMAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

  function shown(value) {
    var text = value == null ? "" : String(value);
    var m = GERMAN.exec(text);
    if (m) return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
    return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : "";
  }

  var Control = createClass({
    render: function () {
      var props = this.props;
      var canBeOpen = Boolean(props.field.get("offen"));
      var open = canBeOpen && props.value === "offen";
      var input = h("input", {
        type: "date", id: props.forID, className: props.classNameWrapper, value: open ? "" : shown(props.value),
        disabled: open, onChange: function (event) { props.onChange(event.target.value); },
        onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle
      });
      if (!canBeOpen) return input;
      var box = h("label", { style: { display: "block", marginTop: "0.5rem" } },
        h("input", {
          type: "checkbox", checked: open,
          onChange: function (event) { props.onChange(event.target.checked ? "offen" : ""); }
        }),
        " Termin steht noch nicht fest („Termin folgt“)");
      return h("div", {}, input, box);
    }
  });

  var Preview = createClass({
    render: function () { return h("span", {}, this.props.value == null ? "" : String(this.props.value)); }
  });

  CMS.registerWidget("wir2-datum", Control, Preview);
})();
