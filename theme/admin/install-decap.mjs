// Fetch the browser editor's bundle (decap-cms/dist) from the npm registry, pinned by theme/admin/decap-cms.json.
//
// `npm install decap-cms` would also install its ~400 dependencies (320 MB) although dist/decap-cms.js
// bundles them all; `npm pack` fetches only the package's tarball (through npm's cache and registry
// settings). The tarball's sha512 must be the pinned one; then dist/ without source maps goes to
// node_modules/.wir2-decap-cms/<version>/. Usage: node theme/admin/install-decap.mjs (dev.sh runs it).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;
const pin = JSON.parse(readFileSync(join(root, "theme/admin/decap-cms.json"), "utf8"));
const target = join(root, "node_modules/.wir2-decap-cms", pin.version);
if (existsSync(join(target, "decap-cms.js"))) process.exit(0);

const work = mkdtempSync(join(tmpdir(), "wir2-decap-"));
try {
  const out = execFileSync("npm", ["pack", `${pin.package}@${pin.version}`, "--json", "--pack-destination", work],
                           { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const [{ filename }] = JSON.parse(out);
  const tarball = join(work, filename);
  const integrity = "sha512-" + createHash("sha512").update(readFileSync(tarball)).digest("base64");
  if (integrity !== pin.integrity) {
    console.error(`${pin.package}@${pin.version}: Prüfsumme ${integrity} ist nicht die erwartete ${pin.integrity}`);
    process.exit(1);
  }
  // The package is MIT-licensed (its package.json); dist/decap-cms.js.LICENSE.txt lists the bundled licences.
  execFileSync("tar", ["-xzf", tarball, "-C", work, "--exclude=*.map", "package/dist"]);
  const staged = join(work, "package", "dist");
  if (!readdirSync(staged).includes("decap-cms.js")) throw new Error("dist/decap-cms.js missing in the tarball");
  mkdirSync(join(root, "node_modules/.wir2-decap-cms"), { recursive: true });
  rmSync(target, { recursive: true, force: true });
  renameSync(staged, target);
} finally {
  rmSync(work, { recursive: true, force: true });
}
