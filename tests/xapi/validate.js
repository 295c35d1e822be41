// Reads a JSON array of xAPI statements (a file, or standard input) and prints every problem
// Learning Locker's validator finds, one per line, as `index: path: message`. Exit 1 on any.
const validate = require('@learninglocker/xapi-validation').default;
const fs = require('fs');
const text = fs.readFileSync(process.argv[2] || 0, 'utf8');
const statements = JSON.parse(text);
let problems = 0;
statements.forEach((s, i) => {
  for (const w of validate(s)) {
    problems += 1;
    const path = (w.path || []).join('.');
    console.log(`${i}: ${path}: ${w.constructor && w.constructor.name} ${JSON.stringify(w.data === undefined ? '' : w.data).slice(0, 80)}`);
  }
});
console.log(`${statements.length} statements, ${problems} problems`);
process.exit(problems ? 1 : 0);
