// Times ninoseki's ioc-extractor (npm) on one file: refang + extract, as
// `shrike intel extract` does. Prints one JSON line.
const fs = require("fs");
const { extractIOC } = require("ioc-extractor");

const path = process.argv[2];
const text = fs.readFileSync(path, "utf8");
const start = process.hrtime.bigint();
const iocs = extractIOC(text, { refang: true });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const counts = {};
for (const [k, v] of Object.entries(iocs)) counts[k] = v.length;
const bytes = Buffer.byteLength(text);
console.log(JSON.stringify({ tool: "ioc-extractor", bytes, seconds, mb_per_s: bytes / 1e6 / seconds, counts }));
