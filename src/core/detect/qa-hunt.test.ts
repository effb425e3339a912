import fc from "fast-check";
import { it } from "vitest";
import { ALNUM, BASE64, fake } from "./fake.js";
import { shannonEntropy } from "./entropy.js";
import { isPlaceholderValue } from "./allowlist.js";
import { detectCredentials } from "./scan.js";
it("hunt", () => {
  const value = fc.array(fc.constantFrom(...ALNUM), { minLength: 20, maxLength: 64 }).map((chars) => `7${chars.join("")}`)
    .filter((v) => new Set(v).size >= 12 && shannonEntropy(v) >= 3.8 && /[0-9]/.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v))
    .filter((v) => !isPlaceholderValue(v));
  const key = fc.constantFrom("password", "API_TOKEN", "client_secret", "okta_api_key", "secretKey", "auth");
  const layouts = [
    (k: string, v: string) => `${k}=${v}`,
    (k: string, v: string) => `${k}: "${v}"`,
    (k: string, v: string) => `"${k}": "${v}",`,
    (k: string, v: string) => `  ${k} = "${v}"`,
    (k: string, v: string) => `export ${k}='${v}'`,
    (k: string, v: string) => `run --${k} ${v}`,
    (_k: string, v: string) => `url: https://deploy:${v}@git.acme.internal/x.git`,
    (_k: string, v: string) => `-----BEGIN PRIVATE KEY-----\n${v}${fake(BASE64, 64, 5)}\n-----END PRIVATE KEY-----`,
  ];
  const layout = fc.integer({ min: 0, max: layouts.length - 1 });
  const noise = fc.array(fc.constantFrom("replicas: 3", "image: nginx", "# token rotation", "", "tasks:", "key: value"), { maxLength: 8 });
  const bad: string[] = [];
  fc.assert(fc.property(value, key, layout, noise, noise, fc.boolean(), (v, k, li, before, after, crlf) => {
    const text = [...before, layouts[li]!(k, v), ...after].join(crlf ? "\r\n" : "\n");
    const found = detectCredentials({ path: "deploy/values.yaml", text });
    const out = JSON.stringify(found);
    let leak = false;
    for (let at = 0; at + 8 <= v.length; at += 1) if (out.includes(v.slice(at, at + 8))) leak = true;
    if (found.length === 0 || leak) bad.push(JSON.stringify({ li, k, v, n: found.length, leak }));
  }), { numRuns: Number(process.env.RUNS ?? 20000), seed: Number(process.env.FC_SEED ?? 1) });
  console.log("BAD", bad.length, bad.slice(0, 15).join("\n"));
}, 600000);
