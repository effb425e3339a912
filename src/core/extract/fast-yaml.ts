import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import type { Schema } from "yaml";

/**
 * A line-based reader for the plain block YAML that manifests, compose files and pipelines are
 * written in, building the same `yaml` node objects (`YAMLMap`, `YAMLSeq`, `Pair`, `Scalar`, with
 * the same values, types and source ranges) that `parseAllDocuments` would. The `yaml` package
 * tokenises at a few MB/s; most files only need the subset below, which reads ~10× faster.
 *
 * The subset: block mappings and sequences (`- key: value` included), plain scalars (over
 * several lines too, as long as each continuation is plain text), single- and double-quoted
 * scalars on one line, `|`/`>` block scalars without an indentation indicator,
 * comments, and `---` between non-empty documents. Anything else (tabs, CR, anchors, aliases,
 * tags, flow collections, multi-line quoted scalars, explicit keys, directives, `...`, empty
 * documents, odd indentation) makes `fastParseAll` answer null, and the caller parses with `yaml`
 * as before. It only accepts documents that are valid YAML, so broken files always get `yaml`'s
 * diagnostics. fast-yaml.test.ts holds it to `yaml`'s tree node for node and the extractors' output
 * to what they report without it.
 */

/** Thrown (never escapes this module) when the text leaves the subset. */
const BAIL = { bail: true } as const;

/** Characters the fast path never reads past: tabs, CR, other controls, NEL, LS/PS, BOM. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const OUTSIDE_SUBSET = /[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]/;

const SP = 32;
const LF = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;

let enabled = true;

/** Turns the fast path off (true → on): the equivalence tests compare both ways. */
export function setFastYamlEnabled(on: boolean): void {
  enabled = on;
}

export function fastYamlEnabled(): boolean {
  return enabled;
}

/** Shared default options and schema, as `parseAllDocuments` with default options uses. */
const template = new Document();
const schema: Schema = template.schema;

/*
 * yaml's node constructors tag each node with `Object.defineProperty(this, NODE_TYPE, …)` (and a
 * collection with its schema the same way), which V8 does not inline: ~140 ns a scalar or pair
 * and ~300 ns a mapping against ~5 ns for a plain object, the largest single cost of reading a
 * manifest. These prototypes carry the tag (and schema) once, the way yaml's own
 * `Document.clone` builds objects with `Object.create`: `isScalar`, `isMap`, `instanceof` and the
 * nodes' methods see exactly what they see on a constructed node.
 */
const NODE_TYPE = Symbol.for("yaml.node.type");
function tagged<T extends object>(base: { prototype: T }, tag: string, fields: PropertyDescriptorMap = {}): T {
  return Object.create(base.prototype, { [NODE_TYPE]: { value: Symbol.for(tag) }, ...fields }) as T;
}
const SCALAR_PROTO = tagged(Scalar, "yaml.scalar");
const PAIR_PROTO = tagged(Pair, "yaml.pair");
const collectionSchema = { schema: { value: schema, configurable: true, writable: true } };
const MAP_PROTO = tagged(YAMLMap, "yaml.map", collectionSchema);
const SEQ_PROTO = tagged(YAMLSeq, "yaml.seq", collectionSchema);

function newScalar(value: unknown): Scalar {
  const node = Object.create(SCALAR_PROTO) as Scalar;
  node.value = value;
  return node;
}

function newPair(key: Scalar, value: Scalar | YAMLMap | YAMLSeq): Pair<Scalar, Scalar | YAMLMap | YAMLSeq> {
  const pair = Object.create(PAIR_PROTO) as Pair<Scalar, Scalar | YAMLMap | YAMLSeq>;
  pair.key = key;
  pair.value = value;
  return pair;
}

function newMap(): YAMLMap {
  const map = Object.create(MAP_PROTO) as YAMLMap;
  map.items = [];
  return map;
}

function newSeq(): YAMLSeq {
  const seq = Object.create(SEQ_PROTO) as YAMLSeq;
  seq.items = [];
  return seq;
}
const plainTags = schema.tags.filter((t) => t.default === true && t.test !== undefined && !("collection" in t && t.collection !== undefined));

/**
 * Every document of `text` as `yaml` would parse it, or null when the text is outside the subset
 * (or fast parsing is switched off).
 */
export function fastParseAll(text: string): Document.Parsed[] | null {
  if (!enabled || OUTSIDE_SUBSET.test(text)) return null;
  try {
    return new Reader(text).documents();
  } catch (error) {
    if (error === BAIL) return null;
    throw error;
  }
}

function isBreak(c: number): boolean {
  return c === LF || Number.isNaN(c);
}

class Reader {
  private readonly len: number;
  /** Start of the current content line, its indentation (-1 at the end, -2 on `---`). */
  private p = 0;
  private ind = -1;
  /** Where the line after a `---` marker starts. */
  private afterMarker = 0;

  constructor(private readonly text: string) {
    this.len = text.length;
  }

  documents(): Document.Parsed[] {
    const docs: Document.Parsed[] = [];
    this.nextContent(0);
    if (this.ind === -2) {
      this.nextContent(this.afterMarker);
      if ((this.ind as number) === -1) throw BAIL; // `---` alone still opens a document
    }
    while (this.ind !== -1) {
      if (this.ind < 0) throw BAIL; // an empty document
      const root = this.blockNode(this.ind);
      if (this.ind >= 0) throw BAIL; // content outside the root node
      const doc = new Document() as Document.Parsed;
      doc.contents = root as Document.Parsed["contents"];
      const range = root.range as [number, number, number];
      doc.range = [range[0], range[2], range[2]];
      docs.push(doc);
      if (this.ind === -2) {
        this.nextContent(this.afterMarker);
        if ((this.ind as number) === -1) throw BAIL; // a trailing `---` opens an empty document
      }
    }
    return docs;
  }

  /** Moves to the next line that is neither blank nor a comment, from the line starting at `q`. */
  private nextContent(q: number): void {
    const t = this.text;
    const len = this.len;
    while (q < len) {
      let k = 0;
      while (t.charCodeAt(q + k) === SP) k++;
      const c = t.charCodeAt(q + k);
      if (c === LF) {
        q += k + 1;
        continue;
      }
      if (q + k >= len) break;
      if (c === HASH) {
        const nl = t.indexOf("\n", q + k);
        if (nl < 0) break;
        q = nl + 1;
        continue;
      }
      if (k === 0) {
        if (c === DASH && t.startsWith("---", q) && (isBreak(t.charCodeAt(q + 3)) || t.charCodeAt(q + 3) === SP)) {
          const nl = t.indexOf("\n", q);
          const end = nl < 0 ? len : nl;
          const rest = t.slice(q + 3, end).trimStart();
          if (rest !== "" && !rest.startsWith("#")) throw BAIL;
          this.p = q;
          this.ind = -2;
          this.afterMarker = nl < 0 ? len : nl + 1;
          return;
        }
        if (c === 46 /* . */ && t.startsWith("...", q)) throw BAIL;
        if (c === 37 /* % */) throw BAIL;
      }
      this.p = q;
      this.ind = k;
      return;
    }
    this.p = len;
    this.ind = -1;
  }

  private isDashAt(o: number): boolean {
    return this.text.charCodeAt(o) === DASH && (this.text.charCodeAt(o + 1) === SP || isBreak(this.text.charCodeAt(o + 1)));
  }

  /** A block collection whose first line is the current one, at indentation `n`. */
  private blockNode(n: number): YAMLMap | YAMLSeq {
    return this.isDashAt(this.p + n) ? this.seq(n) : this.map(n, this.p + n);
  }

  /**
   * The node that starts on the current line, below a key or `-` of a collection at indentation
   * `parent` and indented deeper: a block collection, or a scalar or flow collection on a line of
   * its own (`resources:` then `  {}`).
   */
  private nodeBelow(parent: number): Scalar | YAMLMap | YAMLSeq {
    const n = this.ind;
    const o = this.p + n;
    if (this.isDashAt(o)) return this.seq(n);
    const c = this.text.charCodeAt(o);
    if (c === 91 || c === 123) return this.inlineValue(o, parent);
    const key = this.keyAt(o);
    return key === null ? this.inlineValue(o, parent) : this.map(n, o, key);
  }

  private seq(n: number): YAMLSeq {
    const t = this.text;
    const seq = newSeq();
    const start = this.p + n;
    let end = start;
    for (;;) {
      const dash = this.p + n;
      let item: Scalar | YAMLMap | YAMLSeq;
      if (isBreak(t.charCodeAt(dash + 1))) {
        this.nextContent(dash + 2);
        if (this.ind > n) item = this.nodeBelow(n);
        else item = nullScalar(dash + 1);
      } else {
        let c = dash + 1;
        while (t.charCodeAt(c) === SP) c++;
        const ch = t.charCodeAt(c);
        if (isBreak(ch) || ch === HASH || this.isDashAt(c)) throw BAIL;
        // `[`, `{`, `|` and `>` open a value; anything else may be the first key of a mapping.
        const key = ch !== 91 && ch !== 123 && ch !== 124 && ch !== 62 ? this.keyAt(c) : null;
        item = key !== null ? this.map(c - this.p, c, key) : this.inlineValue(c, n);
      }
      seq.items.push(item);
      end = (item.range as [number, number, number])[2];
      if (this.ind === n && this.isDashAt(this.p + n)) continue;
      if (this.ind > n) throw BAIL;
      break;
    }
    seq.range = [start, end, end];
    return seq;
  }

  /** A block mapping at indentation `n` whose first key starts at `first` (already read, or not). */
  private map(n: number, first: number, firstKey: { key: Scalar; after: number } | null = null): YAMLMap {
    const t = this.text;
    const map = newMap();
    let end = first;
    let at = first;
    for (;;) {
      const found = at === first && firstKey !== null ? firstKey : this.keyAt(at);
      if (found === null) throw BAIL;
      const { key, after } = found;
      let j = after;
      while (t.charCodeAt(j) === SP) j++;
      const ch = t.charCodeAt(j);
      let value: Scalar | YAMLMap | YAMLSeq;
      if (isBreak(ch) || (ch === HASH && j > after)) {
        const nl = t.indexOf("\n", j);
        this.nextContent(nl < 0 ? this.len : nl + 1);
        if (this.ind > n) value = this.nodeBelow(n);
        else if (this.ind === n && this.isDashAt(this.p + n)) value = this.seq(n);
        else if (j === after && isBreak(ch)) value = nullScalar(after);
        else throw BAIL; // `key: # comment` with nothing under it
      } else {
        value = this.inlineValue(j, n);
      }
      map.items.push(newPair(key, value));
      end = (value.range as [number, number, number])[2];
      if (this.ind === n && !this.isDashAt(this.p + n)) {
        at = this.p + n;
        continue;
      }
      if (this.ind > n) throw BAIL;
      if (this.ind === n) throw BAIL; // `- ` after a mapping pair at the same indentation
      break;
    }
    map.range = [first, end, end];
    return map;
  }

  /** An implicit key at `o` (`key:`, `"key" :`), or null when the line is not `key: …`. */
  private keyAt(o: number): { key: Scalar; after: number } | null {
    const t = this.text;
    const c = t.charCodeAt(o);
    let key: Scalar;
    let keyEnd: number;
    let colon: number;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const q = c === 34 ? this.doubleQuoted(o) : this.singleQuoted(o);
      if (q === null) throw BAIL;
      keyEnd = q.end;
      colon = keyEnd;
      while (t.charCodeAt(colon) === SP) colon++;
      if (t.charCodeAt(colon) !== COLON) return null;
      const next = t.charCodeAt(colon + 1);
      if (!(next === SP || isBreak(next))) throw BAIL;
      key = newScalar(q.value);
      key.type = c === 34 ? "QUOTE_DOUBLE" : "QUOTE_SINGLE";
      key.source = q.value;
    } else {
      if (!plainStart(t, o)) throw BAIL;
      colon = -1;
      let i = o;
      for (;;) {
        const ch = t.charCodeAt(i);
        if (isBreak(ch)) return null;
        if (ch === COLON) {
          const next = t.charCodeAt(i + 1);
          if (next === SP || isBreak(next)) {
            colon = i;
            break;
          }
        } else if (ch === HASH && t.charCodeAt(i - 1) === SP) {
          return null;
        }
        i++;
      }
      keyEnd = colon;
      while (t.charCodeAt(keyEnd - 1) === SP) keyEnd--;
      const source = t.slice(o, keyEnd);
      if (source === "<<") throw BAIL;
      key = plainScalar(source);
    }
    if (keyEnd - o > 1000) throw BAIL;
    key.range = [o, keyEnd, keyEnd];
    return { key, after: colon + 1 };
  }

  /** A value that starts on a line at `o`, inside a collection at indentation `n`. */
  private inlineValue(o: number, n: number): Scalar | YAMLMap | YAMLSeq {
    const t = this.text;
    const c = t.charCodeAt(o);
    let scalar: Scalar | YAMLMap | YAMLSeq;
    let valueEnd: number;
    if (c === 91 /* [ */ || c === 123 /* { */) {
      const flow = this.flow(o);
      scalar = flow.node;
      valueEnd = flow.end;
      let j = valueEnd;
      while (t.charCodeAt(j) === SP) j++;
      const ch = t.charCodeAt(j);
      if (!(isBreak(ch) || (ch === HASH && j > valueEnd))) throw BAIL;
    } else if (c === 34 || c === 39) {
      const q = c === 34 ? this.doubleQuoted(o) : this.singleQuoted(o);
      if (q === null) throw BAIL;
      valueEnd = q.end;
      let j = valueEnd;
      while (t.charCodeAt(j) === SP) j++;
      const ch = t.charCodeAt(j);
      if (!(isBreak(ch) || (ch === HASH && j > valueEnd))) throw BAIL;
      scalar = newScalar(q.value);
      scalar.type = c === 34 ? "QUOTE_DOUBLE" : "QUOTE_SINGLE";
      scalar.source = q.value;
    } else if (c === 124 /* | */ || c === 62 /* > */) {
      return this.blockScalar(o, n);
    } else {
      if (!plainStart(t, o)) throw BAIL;
      let i = o;
      let stop = -1;
      for (;;) {
        const ch = t.charCodeAt(i);
        if (isBreak(ch)) break;
        if (ch === COLON) {
          const next = t.charCodeAt(i + 1);
          if (next === SP || isBreak(next)) throw BAIL;
        } else if (ch === HASH && t.charCodeAt(i - 1) === SP) {
          stop = i;
          break;
        }
        i++;
      }
      valueEnd = stop < 0 ? i : stop;
      while (t.charCodeAt(valueEnd - 1) === SP) valueEnd--;
      const more = stop < 0 ? this.plainContinuation(i, n) : null;
      if (more === null) {
        scalar = plainScalar(t.slice(o, valueEnd));
      } else {
        scalar = plainScalar(t.slice(o, valueEnd) + more.folded);
        valueEnd = more.end;
      }
    }
    const nl = t.indexOf("\n", valueEnd);
    const lineEnd = nl < 0 ? this.len : nl + 1;
    scalar.range = [o, valueEnd, lineEnd];
    this.nextContent(lineEnd);
    return scalar;
  }

  /**
   * The lines that continue a plain scalar whose first line ends at `lineEnd`, inside a collection
   * at indentation `n`: each next line indented deeper than `n`, folded as `yaml` folds them (a
   * line break becomes a space, each blank line a newline). Null when the scalar is one line. A
   * comment line or a shallower line ends the scalar. Indicators are plain text here (`- x`,
   * `[x]`, `&x` continue the text); a `: ` or a ` #` would end it, and such files are left to `yaml`.
   */
  private plainContinuation(lineEnd: number, n: number): { folded: string; end: number } | null {
    const t = this.text;
    const len = this.len;
    let folded = "";
    let end = -1;
    let q = lineEnd + 1;
    while (lineEnd < len) {
      let blanks = 0;
      let k = 0;
      for (;;) {
        k = 0;
        while (t.charCodeAt(q + k) === SP) k++;
        if (t.charCodeAt(q + k) !== LF) break;
        blanks++;
        q += k + 1;
      }
      const c = t.charCodeAt(q + k);
      if (q + k >= len || k <= n || c === HASH) break;
      const nl = t.indexOf("\n", q + k);
      lineEnd = nl < 0 ? len : nl;
      let contentEnd = lineEnd;
      while (t.charCodeAt(contentEnd - 1) === SP) contentEnd--;
      const line = t.slice(q + k, contentEnd);
      if (line.includes(": ") || line.endsWith(":") || line.includes(" #")) throw BAIL;
      folded += (blanks === 0 ? " " : "\n".repeat(blanks)) + line;
      end = contentEnd;
      q = lineEnd + 1;
    }
    return end < 0 ? null : { folded, end };
  }

  /**
   * A flow collection closed on its own line: `[a, "b", 1]`, `{k: v, "q": [x]}`, nested; no
   * implicit pairs in sequences, no keys without values, no empty values.
   */
  private flow(o: number): { node: YAMLMap | YAMLSeq; end: number } {
    const t = this.text;
    const isMap = t.charCodeAt(o) === 123;
    const close = isMap ? 125 : 93;
    const node = isMap ? newMap() : newSeq();
    node.flow = true;
    let i = o + 1;
    const skip = (): void => {
      while (t.charCodeAt(i) === SP) i++;
    };
    skip();
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === close) break;
      const item = this.flowScalarOrCollection(i);
      i = item.end;
      skip();
      if (isMap) {
        if (!isScalarNode(item.node) || t.charCodeAt(i) !== COLON) throw BAIL;
        const next = t.charCodeAt(i + 1);
        const quotedKey = item.node.type !== "PLAIN";
        if (!(next === SP || (quotedKey && next !== 44 && next !== 125 && !isBreak(next)))) throw BAIL;
        i++;
        skip();
        const cv = t.charCodeAt(i);
        if (cv === 44 || cv === 125 || isBreak(cv)) throw BAIL;
        const value = this.flowScalarOrCollection(i);
        i = value.end;
        (node as YAMLMap).items.push(newPair(item.node, value.node));
        skip();
      } else {
        if (t.charCodeAt(i) === COLON) throw BAIL;
        (node as YAMLSeq).items.push(item.node);
      }
      const sep = t.charCodeAt(i);
      if (sep === 44 /* , */) {
        i++;
        skip();
        continue;
      }
      if (sep !== close) throw BAIL;
    }
    const end = i + 1;
    node.range = [o, end, end];
    return { node, end };
  }

  private flowScalarOrCollection(o: number): { node: Scalar | YAMLMap | YAMLSeq; end: number } {
    const t = this.text;
    const c = t.charCodeAt(o);
    if (c === 91 || c === 123) return this.flow(o);
    if (c === 34 || c === 39) {
      const q = c === 34 ? this.doubleQuoted(o) : this.singleQuoted(o);
      if (q === null) throw BAIL;
      const s = newScalar(q.value);
      s.type = c === 34 ? "QUOTE_DOUBLE" : "QUOTE_SINGLE";
      s.source = q.value;
      s.range = [o, q.end, q.end];
      return { node: s, end: q.end };
    }
    if (!plainStart(t, o)) throw BAIL;
    let i = o;
    for (;;) {
      const ch = t.charCodeAt(i);
      if (isBreak(ch) || ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) break;
      if (ch === COLON) {
        const next = t.charCodeAt(i + 1);
        if (next === SP || isBreak(next) || next === 44 || next === 91 || next === 93 || next === 123 || next === 125) break;
      } else if (ch === HASH && t.charCodeAt(i - 1) === SP) {
        throw BAIL;
      }
      i++;
    }
    let end = i;
    while (t.charCodeAt(end - 1) === SP) end--;
    const s = plainScalar(t.slice(o, end));
    s.range = [o, end, i];
    return { node: s, end };
  }

  /** `"…"` on one line: the value and the offset after the closing quote, or null. */
  private doubleQuoted(o: number): { value: string; end: number } | null {
    const t = this.text;
    let value = "";
    let from = o + 1;
    let i = from;
    for (;;) {
      const ch = t.charCodeAt(i);
      if (isBreak(ch)) return null;
      if (ch === 34) break;
      if (ch === 92 /* \ */) {
        value += t.slice(from, i);
        const e = t[i + 1];
        const simple = e === undefined ? undefined : ESCAPES[e];
        if (simple !== undefined) {
          value += simple;
          i += 2;
        } else {
          const width = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
          const hex = t.slice(i + 2, i + 2 + width);
          if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) return null;
          const code = parseInt(hex, 16);
          if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
          value += String.fromCodePoint(code);
          i += 2 + width;
        }
        from = i;
        continue;
      }
      i++;
    }
    return { value: value + t.slice(from, i), end: i + 1 };
  }

  private singleQuoted(o: number): { value: string; end: number } | null {
    const t = this.text;
    let value = "";
    let from = o + 1;
    let i = from;
    for (;;) {
      const ch = t.charCodeAt(i);
      if (isBreak(ch)) return null;
      if (ch === 39) {
        if (t.charCodeAt(i + 1) !== 39) break;
        value += t.slice(from, i + 1);
        i += 2;
        from = i;
        continue;
      }
      i++;
    }
    return { value: value + t.slice(from, i), end: i + 1 };
  }

  /**
   * `|` / `>`, optionally with strip chomping (`-`). The extent follows the `yaml` lexer (trailing
   * blank lines are not part of the scalar), the value its block-scalar resolver.
   */
  private blockScalar(o: number, n: number): Scalar {
    const t = this.text;
    const len = this.len;
    const mode = t[o];
    let h = o + 1;
    let chomp = "";
    const hc = t[h];
    // Keep-chomping (`|+`) is rare in CI files and its trailing-line rules have edge cases where
    // a hand-rolled reader drifts from `yaml` (found by the near-miss property test); leave it to
    // the real parser.
    if (hc === "+") throw BAIL;
    if (hc === "-") {
      chomp = hc;
      h++;
    }
    let j = h;
    while (t.charCodeAt(j) === SP) j++;
    const ch = t.charCodeAt(j);
    if (!(isBreak(ch) || (ch === HASH && j > h))) throw BAIL;
    const headerEnd = t.indexOf("\n", j);
    if (headerEnd < 0) throw BAIL;
    const bodyStart = headerEnd + 1;
    // The first non-blank line sets the indentation; blank lines before it must not be deeper.
    let q = bodyStart;
    let indent = 0;
    for (;;) {
      let k = 0;
      while (t.charCodeAt(q + k) === SP) k++;
      if (q + k >= len) throw BAIL; // no content
      if (t.charCodeAt(q + k) === LF) {
        q += k + 1;
        continue;
      }
      indent = k;
      break;
    }
    // A block scalar must be deeper than the collection it is in.
    if (indent <= n) throw BAIL;
    for (let b = bodyStart; b < q;) {
      const nl = t.indexOf("\n", b);
      if (nl - b > indent) throw BAIL;
      b = nl + 1;
    }
    // Lines belong to the scalar while blank or indented at least `indent`.
    let lastContentEnd = -1; // end (newline or EOF) of the last line with content
    let line = q;
    let stop = len;
    while (line < len) {
      let k = 0;
      while (t.charCodeAt(line + k) === SP) k++;
      const c = t.charCodeAt(line + k);
      const nl = t.indexOf("\n", line);
      const eol = nl < 0 ? len : nl;
      if (c === LF || line + k >= len) {
        if (k > indent) throw BAIL; // more-indented blank line: rare, resolver special case
      } else if (k >= indent) {
        lastContentEnd = eol;
      } else {
        stop = line;
        break;
      }
      line = nl < 0 ? len : nl + 1;
    }
    if (lastContentEnd < 0) throw BAIL;
    const end = Math.min(lastContentEnd + 1, len);
    const lines = t.slice(bodyStart, end).split("\n");
    if (t.charCodeAt(end - 1) === LF) lines.pop();
    // `lines` now: leading blank lines, content, and (kept) trailing blank lines.
    let contentEndIdx = lines.length;
    while (contentEndIdx > 0 && (lines[contentEndIdx - 1] as string).trim() === "") contentEndIdx--;
    let value = "";
    let sep = "";
    let prevMoreIndented = false;
    let i = 0;
    for (; i < contentEndIdx; i++) {
      const l = lines[i] as string;
      if (l.trim() !== "") break;
      value += l.slice(indent) + "\n";
    }
    // Exactly `yaml`'s resolver for the content lines.
    for (; i < contentEndIdx; i++) {
      const l = lines[i] as string;
      let k = 0;
      while (l.charCodeAt(k) === SP) k++;
      const content = l.slice(k);
      if (mode === "|") {
        value += sep + l.slice(indent);
        sep = "\n";
      } else if (k > indent) {
        if (sep === " ") sep = "\n";
        else if (!prevMoreIndented && sep === "\n") sep = "\n\n";
        value += sep + l.slice(indent);
        sep = "\n";
        prevMoreIndented = true;
      } else if (content === "") {
        if (sep === "\n") value += "\n";
        else sep = "\n";
      } else {
        value += sep + content;
        sep = " ";
        prevMoreIndented = false;
      }
    }
    if (chomp === "") value += "\n";
    const scalar = newScalar(value);
    scalar.type = mode === "|" ? "BLOCK_LITERAL" : "BLOCK_FOLDED";
    scalar.source = value;
    scalar.range = [o, end, end];
    this.nextContent(stop);
    return scalar;
  }
}

const ESCAPES: Record<string, string> = {
  "0": "\0", a: "\x07", b: "\b", e: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", N: "\u0085",
  _: "\u00a0", L: "\u2028", P: "\u2029", " ": " ", '"': '"', "/": "/", "\\": "\\", "\t": "\t",
};

/** Can a plain scalar start at `o` (not an indicator, or `-?:` followed by a non-space)? */
function plainStart(t: string, o: number): boolean {
  const c = t[o];
  if (c === undefined) return false;
  if ("[]{},#&*!|>'\"%@`".includes(c)) return false;
  if (c === "-" || c === "?" || c === ":") {
    const next = t.charCodeAt(o + 1);
    return !(next === SP || isBreak(next));
  }
  return !(c === " " || c === "\n");
}

function isScalarNode(node: unknown): node is Scalar {
  return node instanceof Scalar;
}

function nullScalar(at: number): Scalar {
  const s = newScalar(null);
  s.type = "PLAIN";
  s.source = "";
  s.range = [at, at, at];
  return s;
}

/** Resolves a plain scalar with the core schema's tags, as `yaml`'s composer does. */
function plainScalar(source: string): Scalar {
  const c = source.charCodeAt(0);
  // Only `~`, digits, `+-.` and n/N t/T f/F start a null, bool, int or float.
  const maybeTyped = c === 126 || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70;
  let scalar: Scalar | null = null;
  if (maybeTyped) {
    for (const tag of plainTags) {
      if (tag.test?.test(source) !== true) continue;
      const res = (tag as { resolve: (s: string, e: (m: string) => void, o: unknown) => unknown }).resolve(source, () => {
        throw BAIL;
      }, template.options);
      scalar = res instanceof Scalar ? res : newScalar(res);
      if (tag.format !== undefined) scalar.format = tag.format;
      break;
    }
  }
  scalar ??= newScalar(source);
  scalar.type = "PLAIN";
  scalar.source = source;
  return scalar;
}
