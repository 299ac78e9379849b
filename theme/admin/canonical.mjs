// The form in which the browser editor (Decap CMS) writes a data file or a page, with its own libraries.
//
// Decap serialises YAML with `yaml` 1.x (createNode, top-level keys in the order of the collection's
// fields, Document.toString) and front matter with gray-matter around it (decap-cms-core
// src/formats/yaml.ts and frontmatter.ts); package.json pins the versions its bundle uses. A file in
// this form comes back byte for byte when the editor saves it unchanged, so `git diff` stays empty.
//
// Input on stdin, JSON: [{"kind": "yaml" | "frontmatter", "data": {...}, "order": ["key", ...],
// "body": "..."}] – data as the site reads the file (wir2.load.yamlsource: dates and times as text).
// Output on stdout, JSON: [{"text": "...", "data": {...}}]: the file's text, and what Decap reads from
// that text again (to check that nothing changes meaning, e.g. a postcode 01067 losing its zero).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../", import.meta.url));
const YAML = require("yaml");
const matter = require("gray-matter");

function yamlText(data, order) {
  const contents = YAML.createNode(data);
  if (contents && contents.items) {
    // decap-cms-core formats/helpers.ts sortKeys: keys of the fields first, in field order.
    contents.items.sort((a, b) => {
      const ia = order.indexOf(a.key?.toString());
      const ib = order.indexOf(b.key?.toString());
      if (ia === -1 || ib === -1) return 0;
      return ia - ib;
    });
  }
  const doc = new YAML.Document();
  doc.contents = contents;
  return doc.toString();
}

const engines = { yaml: { parse: (s) => YAML.parse(s), stringify: (d, o) => yamlText(d, o.sortedKeys || []) } };

function frontmatterText(data, order, body) {
  // decap-cms-core formats/frontmatter.ts toFile: gray-matter, without a line break it did not have.
  const file = matter.stringify(body, data, { engines, sortedKeys: order, language: "yaml", delimiters: "---" });
  return body.slice(-1) !== "\n" && file.slice(-1) === "\n" ? file.slice(0, -1) : file;
}

function readBack(kind, text) {
  if (kind === "yaml") return YAML.parse(text);
  const result = matter(text, { engines, language: "yaml", delimiters: "---" });
  return { data: result.data, body: result.content };
}

const requests = JSON.parse(readFileSync(0, "utf8"));
const answers = requests.map(({ kind, data, order, body }) => {
  const text = kind === "yaml" ? yamlText(data, order) : frontmatterText(data, order, body);
  return { text, data: readBack(kind, text) };
});
process.stdout.write(JSON.stringify(answers));
