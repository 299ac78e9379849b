// Deliberately bad: an error in the console, and storage used.
console.error("canary: console error");
localStorage.setItem("canary", "1");
