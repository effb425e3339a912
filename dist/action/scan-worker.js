import { createRequire as __secretownersRequire } from 'node:module'; const require = __secretownersRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b2) => (typeof require !== "undefined" ? require : a)[b2]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE2 = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias5 = (node) => !!node && typeof node === "object" && node[NODE_TYPE2] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE2] === DOC;
    var isMap12 = (node) => !!node && typeof node === "object" && node[NODE_TYPE2] === MAP;
    var isPair2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE2] === PAIR;
    var isScalar12 = (node) => !!node && typeof node === "object" && node[NODE_TYPE2] === SCALAR;
    var isSeq11 = (node) => !!node && typeof node === "object" && node[NODE_TYPE2] === SEQ;
    function isCollection(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE2]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE2]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar12(node) || isCollection(node)) && !!node.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE2;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias5;
    exports.isCollection = isCollection;
    exports.isDocument = isDocument;
    exports.isMap = isMap12;
    exports.isNode = isNode;
    exports.isPair = isPair2;
    exports.isScalar = isScalar12;
    exports.isSeq = isSeq11;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key, node, visitor, path) {
      const ctrl = callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = visit_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node, visitor, path) {
      const ctrl = await callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node, visitor, path) {
      if (typeof visitor === "function")
        return visitor(key, node, path);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
      return void 0;
    }
    function replaceNode(key, path, node) {
      const parent = path[path.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref2 = sourceObjects.get(source);
            if (typeof ref2 === "object" && ref2.anchor && (identity.isScalar(ref2.node) || identity.isCollection(ref2.node))) {
              ref2.node.anchor = ref2.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver2, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver2, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver2, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver2, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver2, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver2.call(obj, key, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver: reviver2 } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver2 === "function" ? applyReviver.applyReviver(reviver2, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count)
            count = c;
        }
        return count;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar3 = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar3.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar3.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar3.PLAIN = "PLAIN";
    Scalar3.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar3.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar3;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar3 = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match = tags.filter((t) => t.tag === tagName);
        const tagObj = match.find((t) => !t.format) ?? match[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema: schema2, sourceObjects } = ctx;
      let ref2 = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref2 = sourceObjects.get(value);
        if (ref2) {
          ref2.anchor ?? (ref2.anchor = onAnchor(value));
          return new Alias.Alias(ref2.anchor);
        } else {
          ref2 = { anchor: null, node: null };
          sourceObjects.set(value, ref2);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema2.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar3.Scalar(value);
          if (ref2)
            ref2.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema2[identity.MAP] : Symbol.iterator in Object(value) ? schema2[identity.SEQ] : schema2[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar3.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref2)
        ref2.node = node;
      return node;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema2, path, value) {
      let v = value;
      for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema: schema2,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path) => path == null || typeof path === "object" && !!path[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type, schema2) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema2,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema2) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema2)
          copy.schema = schema2;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema2) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path, value) {
        if (isEmptyPath(path))
          this.add(value);
        else {
          const [key, ...rest] = path;
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str, indent, comment) => str.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text.length <= endStep)
        return text;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text;
      if (onFold)
        onFold();
      let res = text.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text.length;
        if (fold === 0)
          res = `
${indent}${text.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text[fold]}\\`;
          res += `
${indent}${text.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text[++i];
        } else {
          do {
            ch = text[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text[start];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar3 = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
    function lineLengthOverLimit(str, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str = "";
      let start = 0;
      for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
          str += json.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json[i + 1]) {
            case "u":
              {
                str += json.slice(start, i);
                const code = json.substr(i + 2, 4);
                switch (code) {
                  case "0000":
                    str += "\\0";
                    break;
                  case "0007":
                    str += "\\a";
                    break;
                  case "000b":
                    str += "\\v";
                    break;
                  case "001b":
                    str += "\\e";
                    break;
                  case "0085":
                    str += "\\N";
                    break;
                  case "00a0":
                    str += "\\_";
                    break;
                  case "2028":
                    str += "\\L";
                    break;
                  case "2029":
                    str += "\\P";
                    break;
                  default:
                    if (code.substr(0, 2) === "00")
                      str += "\\x" + code.substr(2);
                    else
                      str += json.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
                i += 1;
              } else {
                str += json.slice(start, i) + "\n\n";
                while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
                  str += "\n";
                  i += 2;
                }
                str += indent;
                if (json[i + 2] === " ")
                  str += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str = start ? str + json.slice(start) : json;
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar3.Scalar.BLOCK_FOLDED ? false : type === Scalar3.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type !== Scalar3.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type !== Scalar3.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type } = item;
      if (type !== Scalar3.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type = Scalar3.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar3.Scalar.BLOCK_FOLDED:
          case Scalar3.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar3.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar3.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar3.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match = tags.filter((t) => t.tag === item.tag);
        if (match.length > 0)
          return match.find((t) => t.format === item.format) ?? match[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter((t) => t.identify?.(obj));
        if (match.length > 1) {
          const testMatch = match.filter((t) => t.test);
          if (testMatch.length > 0)
            match = testMatch;
        }
        tagObj = match.find((t) => t.format === item.format) ?? match.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str;
      return identity.isScalar(node) || str[0] === "{" || str[0] === "[" ? `${props} ${str}` : `${props}
${ctx.indent}${str}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar3 = require_Scalar();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar3.Scalar.BLOCK_FOLDED || key.type === Scalar3.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str = stringify.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str === "" ? "?" : explicitKey ? `? ${str}` : str;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}
${indent}:`;
      } else {
        str = `${str}:`;
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar3 = require_Scalar();
    var MERGE_KEY = "<<";
    var merge = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar3.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar3.Scalar.PLAIN) && merge.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge.tag && tag.default);
    function addMergeToJSMap(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map, it);
      else
        mergeValue(ctx, map, source);
    }
    function mergeValue(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map instanceof Map) {
          if (!map.has(key))
            map.set(key, value2);
        } else if (map instanceof Set) {
          map.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map, key)) {
          Object.defineProperty(map, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge = require_merge();
    var stringify = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
      else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map instanceof Map) {
          map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map instanceof Set) {
          map.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map)
            Object.defineProperty(map, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map[stringKey] = jsValue;
        }
      }
      return map;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair2(k, v);
    }
    var Pair2 = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema2) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema2);
        if (identity.isNode(value))
          value = value.clone(schema2);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair2;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify2 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify2(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str2 = stringify.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str2 += stringifyComment.lineComment(str2, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str2);
      }
      let str;
      if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
      } else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes("\n"));
        if (i < items.length - 1) {
          str += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str += ",";
          }
        }
        if (comment)
          str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str = start;
          for (const line of lines)
            str += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair2 = require_Pair();
    var Scalar3 = require_Scalar();
    function findPair(items, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap2 = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema2) {
        super(identity.MAP, schema2);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema2, obj, ctx) {
        const { keepUndefined, replacer: replacer2 } = ctx;
        const map = new this(schema2);
        const add = (key, value) => {
          if (typeof replacer2 === "function")
            value = replacer2.call(obj, key, value);
          else if (Array.isArray(replacer2) && !replacer2.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map.items.push(Pair2.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema2.sortMapEntries === "function") {
          map.items.sort(schema2.sortMapEntries);
        }
        return map;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair2.Pair(pair, pair?.value);
        } else
          _pair = new Pair2.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar3.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair2.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap2;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap2 = require_YAMLMap();
    var map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap2.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!identity.isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema2, obj, ctx) => YAMLMap2.YAMLMap.from(schema2, obj, ctx)
    };
    exports.map = map;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar3 = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq2 = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema2) {
        super(identity.SEQ, schema2);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar3.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
          seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema2, obj, ctx) {
        const { replacer: replacer2 } = ctx;
        const seq = new this(schema2);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer2 === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer2.call(obj, key, it);
            }
            seq.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq2;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq2 = require_YAMLSeq();
    var seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq2.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!identity.isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema2, obj, ctx) => YAMLSeq2.YAMLSeq.from(schema2, obj, ctx)
    };
    exports.seq = seq;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str) => str,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar3 = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar3.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar3.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar3 = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str) => new Scalar3.Scalar(str[0] === "t" || str[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format: format2, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num = typeof value === "number" ? value : Number(value);
      if (!isFinite(num))
        return isNaN(num) ? ".nan" : num < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format2 && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar3 = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str) {
        const node = new Scalar3.Scalar(parseFloat(str));
        const dot = str.indexOf(".");
        if (dot !== -1 && str[str.length - 1] === "0")
          node.minFractionDigits = str.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema2 = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.boolTag,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float
    ];
    exports.schema = schema2;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar3 = require_Scalar();
    var map = require_map();
    var seq = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str) => str,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar3.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str) => str === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str) => parseFloat(str),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
      }
    };
    var schema2 = [map.map, seq.seq].concat(jsonScalars, jsonError);
    exports.schema = schema2;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar3 = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str.length);
          for (let i = 0; i < str.length; ++i)
            buffer[i] = str.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str;
        if (typeof node_buffer.Buffer === "function") {
          str = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar3.Scalar.BLOCK_LITERAL);
        if (type !== Scalar3.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str.substr(o, lineWidth);
          }
          str = lines.join(type === Scalar3.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair2 = require_Pair();
    var Scalar3 = require_Scalar();
    var YAMLSeq2 = require_YAMLSeq();
    function resolvePairs(seq, onError) {
      if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
          let item = seq.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair2.Pair(new Scalar3.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq.items[i] = identity.isPair(item) ? item : new Pair2.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq;
    }
    function createPairs(schema2, iterable, ctx) {
      const { replacer: replacer2 } = ctx;
      const pairs2 = new YAMLSeq2.YAMLSeq(schema2);
      pairs2.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer2 === "function")
            it = replacer2.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key = keys[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key = it;
          }
          pairs2.items.push(Pair2.createPair(key, value, ctx));
        }
      return pairs2;
    }
    var pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap2 = require_YAMLMap();
    var YAMLSeq2 = require_YAMLSeq();
    var pairs = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq2.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap2.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap2.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap2.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap2.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap2.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const pair of this.items) {
          let key, value;
          if (identity.isPair(pair)) {
            key = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key, ctx);
          } else {
            key = toJS.toJS(pair, "", ctx);
          }
          if (map.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map.set(key, value);
        }
        return map;
      }
      static from(schema2, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema2, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs$1.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema2, iterable, ctx) => YAMLOMap.from(schema2, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar3 = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar3.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar3.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar3 = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str.replace(/_/g, "")),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str) {
        const node = new Scalar3.Scalar(parseFloat(str.replace(/_/g, "")));
        const dot = str.indexOf(".");
        if (dot !== -1) {
          const f = str.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str, offset, radix, { intAsBigInt }) {
      const sign = str[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str = str.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str = `0b${str}`;
            break;
          case 8:
            str = `0o${str}`;
            break;
          case 16:
            str = `0x${str}`;
            break;
        }
        const n2 = BigInt(str);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? "-" + prefix + str.substr(1) : prefix + str;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair2 = require_Pair();
    var YAMLMap2 = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap2.YAMLMap {
      constructor(schema2) {
        super(schema2);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (identity.isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair2.Pair(key.key, null);
        else
          pair = new Pair2.Pair(key, null);
        const prev = YAMLMap2.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = YAMLMap2.findPair(this.items, key);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap2.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair2.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema2, iterable, ctx) {
        const { replacer: replacer2 } = ctx;
        const set2 = new this(schema2);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer2 === "function")
              value = replacer2.call(iterable, value, value);
            set2.items.push(Pair2.createPair(value, null, ctx));
          }
        return set2;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema2, iterable, ctx) => YAMLSet.from(schema2, iterable, ctx),
      resolve(map, onError) {
        if (identity.isMap(map)) {
          if (map.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str, asBigInt) {
      const sign = str[0];
      const parts = sign === "-" || sign === "+" ? str.substring(1) : str;
      const num = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
      return sign === "-" ? num(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num = (n) => n;
      if (typeof value === "bigint")
        num = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num(-1);
      }
      const _60 = num(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str) => parseSexagesimal(str, false),
      stringify: stringifySexagesimal
    };
    var timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var binary = require_binary();
    var bool = require_bool2();
    var float = require_float2();
    var int = require_int2();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var set = require_set();
    var timestamp = require_timestamp();
    var schema2 = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.trueTag,
      bool.falseTag,
      int.intBin,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float,
      binary.binary,
      merge.merge,
      omap.omap,
      pairs.pairs,
      set.set,
      timestamp.intTime,
      timestamp.floatTime,
      timestamp.timestamp
    ];
    exports.schema = schema2;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema2 = require_schema();
    var schema$1 = require_schema2();
    var binary = require_binary();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var schema$2 = require_schema3();
    var set = require_set();
    var timestamp = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema2.schema],
      ["failsafe", [map.map, seq.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary.binary,
      bool: bool.boolTag,
      float: float.float,
      floatExp: float.floatExp,
      floatNaN: float.floatNaN,
      floatTime: timestamp.floatTime,
      int: int.int,
      intHex: int.intHex,
      intOct: int.intOct,
      intTime: timestamp.intTime,
      map: map.map,
      merge: merge.merge,
      null: _null.nullTag,
      omap: omap.omap,
      pairs: pairs.pairs,
      seq: seq.seq,
      set: set.set,
      timestamp: timestamp.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary.binary,
      "tag:yaml.org,2002:merge": merge.merge,
      "tag:yaml.org,2002:omap": omap.omap,
      "tag:yaml.org,2002:pairs": pairs.pairs,
      "tag:yaml.org,2002:set": set.set,
      "tag:yaml.org,2002:timestamp": timestamp.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge) ? schemaTags.concat(merge.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map = require_map();
    var seq = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b2) => a.key < b2.key ? -1 : a.key > b2.key ? 1 : 0;
    var Schema = class _Schema {
      constructor({ compat, customTags, merge, resolveKnownTags, schema: schema2, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema2 === "string" && schema2 || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports.Schema = Schema;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair2 = require_Pair();
    var toJS = require_toJS();
    var Schema = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document2 = class _Document {
      constructor(value, replacer2, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer2 === "function" || Array.isArray(replacer2)) {
          _replacer = replacer2;
        } else if (options === void 0 && replacer2) {
          options = replacer2;
          replacer2 = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer2, options) {
        let _replacer = void 0;
        if (typeof replacer2 === "function") {
          value = replacer2.call({ "": value }, "", value);
          _replacer = replacer2;
        } else if (Array.isArray(replacer2)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer2.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer2 = replacer2.concat(asStr);
          _replacer = replacer2;
        } else if (options === void 0 && replacer2) {
          options = replacer2;
          replacer2 = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair2.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path) {
        if (Collection.isEmptyPath(path))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new directives.Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver: reviver2 } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver2 === "function" ? applyReviver.applyReviver(reviver2, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document2;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLParseError", pos, code, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLWarning", pos, code, message);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "\u2026" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "\u2026";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "\u2026\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b2) => a === b2 || identity.isScalar(a) && identity.isScalar(b2) && a.value === b2.value;
      return items.some((pair) => isEqual(pair.key, search));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair2 = require_Pair();
    var YAMLMap2 = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap2.YAMLMap;
      const map = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start, key, sep: sep2, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key ?? sep2?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep2) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map.comment)
                map.comment += "\n" + keyProps.comment;
              else
                map.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep2 ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep2, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair2.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair2.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map.range = [bm.offset, offset, commentEnd ?? offset];
      return map;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq2 = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq2.YAMLSeq;
      const seq = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
      }
      seq.range = [bs.offset, offset, commentEnd ?? offset];
      return seq;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep2 = "";
        for (const token of end) {
          const { source, type } = token;
          switch (type) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep2 + cb;
              sep2 = "";
              break;
            }
            case "newline":
              if (comment)
                sep2 += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair2 = require_Pair();
    var YAMLMap2 = require_YAMLMap();
    var YAMLSeq2 = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap12 = fc.start.source === "{";
      const fcName = isMap12 ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap12 ? YAMLMap2.YAMLMap : YAMLSeq2.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep: sep2, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep2?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep2 && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap12 && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap12 && !sep2 && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep2, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep2 ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap12 && !props.found && ctx.options.strict) {
              if (sep2)
                for (const st of sep2) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep2, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair2.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap12) {
            const map = coll;
            if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map.items.push(pair);
          } else {
            const map = new YAMLMap2.YAMLMap(ctx.schema);
            map.flow = true;
            map.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap12 ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar3 = require_Scalar();
    var YAMLMap2 = require_YAMLMap();
    var YAMLSeq2 = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap2.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq2.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar3.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar3 = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type = header.mode === ">" ? Scalar3.Scalar.BLOCK_FOLDED : Scalar3.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type, comment: header.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep2 = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type === Scalar3.Scalar.BLOCK_LITERAL) {
          value += sep2 + indent.slice(trimIndent) + content;
          sep2 = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep2 === " ")
            sep2 = "\n";
          else if (!prevMoreIndented && sep2 === "\n")
            sep2 = "\n\n";
          value += sep2 + indent.slice(trimIndent) + content;
          sep2 = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep2 === "\n")
            value += "\n";
          else
            sep2 = "\n";
        } else {
          value += sep2 + content;
          sep2 = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header.length + scalar.source.length;
      return { value, type, comment: header.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar3 = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
      switch (type) {
        case "scalar":
          _type = Scalar3.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar3.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar3.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match = line.exec(source);
      if (!match)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match[1].replace(trimEnd, "");
      let sep2 = " ";
      let pos = line.lastIndex;
      while (match = line.exec(source)) {
        const lm = match[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep2 === "\n")
            res += sep2;
          else
            sep2 = "\n";
        } else {
          res += sep2 + lm;
          sep2 = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match = last.exec(source);
      return res + sep2 + (match?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "\x85",
      // Unicode next line
      _: "\xA0",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar3 = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type, comment, range } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar3.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar3.Scalar(value);
      }
      scalar.range = range;
      scalar.source = value;
      if (type)
        scalar.type = type;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema2, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema2[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema2.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema2.knownTags[tagName];
      if (kt && !kt.collection) {
        schema2.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema2[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema: schema2 }, value, token, onError) {
      const tag = schema2.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema2[identity.SCALAR];
      if (schema2.compat) {
        const compat = schema2.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema2[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document2 = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document2.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document2 = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (false)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document2.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type)
        switch (token.type) {
          case "single-quoted-scalar":
            type = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key, sep: sep2, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep2)
        for (const st of sep2)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path) => {
      let item = cst;
      for (const [field, index] of path) {
        const tok = item?.[field];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path) => {
      const parent = visit.itemAtPath(cst, path.slice(0, -1));
      const field = path[path.length - 1][0];
      const coll = parent?.[field];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path, item, visitor) {
      let ctrl = visitor(item, path);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field of ["key", "value"]) {
        const token = item[field];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field === "key")
            ctrl = ctrl(item, path);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar12 = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection;
    exports.isScalar = isScalar12;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer3 = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer3;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter3 = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter3;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list, type) {
      for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
          return true;
      return false;
    }
    function findNonEmptyIndex(list) {
      for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser4 = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (false)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = cst.tokenType(source);
        if (!type) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep2;
          if (scalar.end) {
            sep2 = scalar.end;
            sep2.push(this.sourceToken);
            delete scalar.end;
          } else
            sep2 = [this.sourceToken];
          const map = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep: sep2 }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map) {
        const it = map.items[map.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map.indent)) {
                const prev = map.items[map.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep2 = it.sep;
                  sep2.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep: sep2 }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq.indent)) {
                const prev = seq.items[seq.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq.indent) {
          const bv = this.startBlockValue(seq);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep2 = fc.end.splice(1, fc.end.length);
            sep2.push(this.sourceToken);
            const map = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep: sep2 }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser4;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document2 = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments3(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument2(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse(src, reviver2, options) {
      let _reviver = void 0;
      if (typeof reviver2 === "function") {
        _reviver = reviver2;
      } else if (options === void 0 && reviver2 && typeof reviver2 === "object") {
        options = reviver2;
      }
      const doc = parseDocument2(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify(value, replacer2, options) {
      let _replacer = null;
      if (typeof replacer2 === "function" || Array.isArray(replacer2)) {
        _replacer = replacer2;
      } else if (options === void 0 && replacer2) {
        options = replacer2;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer2 ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document2.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse;
    exports.parseAllDocuments = parseAllDocuments3;
    exports.parseDocument = parseDocument2;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document2 = require_Document();
    var Schema = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair2 = require_Pair();
    var Scalar3 = require_Scalar();
    var YAMLMap2 = require_YAMLMap();
    var YAMLSeq2 = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document2.Document;
    exports.Schema = Schema.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair2.Pair;
    exports.Scalar = Scalar3.Scalar;
    exports.YAMLMap = YAMLMap2.YAMLMap;
    exports.YAMLSeq = YAMLSeq2.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// node_modules/ignore/index.js
var require_ignore = __commonJS({
  "node_modules/ignore/index.js"(exports, module) {
    function makeArray(subject) {
      return Array.isArray(subject) ? subject : [subject];
    }
    var UNDEFINED = void 0;
    var EMPTY = "";
    var SPACE = " ";
    var ESCAPE = "\\";
    var REGEX_LITERAL_SPECIAL = /[.*+?()[\]{}^$|\\/]/;
    var BOM = "\uFEFF";
    var REGEX_ANCHORED_GLOBSTAR = /^\/\*{2,}$/;
    var REGEX_REPLACE_LEADING_EXCAPED_EXCLAMATION = /^\\!/;
    var REGEX_REPLACE_LEADING_EXCAPED_HASH = /^\\#/;
    var REGEX_SPLITALL_CRLF = /\r?\n/g;
    var DOUBLE_SLASH = "//";
    var SLASH_CODE = 47;
    var DOT_CODE = 46;
    var SLASH = "/";
    var TMP_KEY_IGNORE = "node-ignore";
    if (typeof Symbol !== "undefined") {
      TMP_KEY_IGNORE = /* @__PURE__ */ Symbol.for("node-ignore");
    }
    var KEY_IGNORE = TMP_KEY_IGNORE;
    var define = (object, key, value) => {
      Object.defineProperty(object, key, { value });
      return value;
    };
    var RETURN_FALSE = () => false;
    var POSIX_CLASSES = {
      alnum: "0-9A-Za-z",
      alpha: "A-Za-z",
      blank: " \\t",
      cntrl: "\\x00-\\x1f\\x7f",
      digit: "0-9",
      graph: "!-.0-~",
      lower: "a-z",
      print: " -.0-~",
      punct: "!-.:-@\\[-`{-~",
      // git's `sane-ctype.h` classifies \v and \f as control, not space,
      //   unlike C's `isspace`
      space: " \\t\\n\\r",
      upper: "A-Z",
      xdigit: "0-9A-Fa-f"
    };
    var CLASS_MEMBERS_TO_ESCAPE = "\\]^-[";
    var escapeMember = (char) => CLASS_MEMBERS_TO_ESCAPE.indexOf(char) < 0 ? char : ESCAPE + char;
    var NON_SLASH = "(?!\\/)";
    var classSource = (negated, body) => {
      if (negated) {
        return `[^\\/${body}]`;
      }
      const source = `[${body}]`;
      return new RegExp(source).test("/") ? NON_SLASH + source : source;
    };
    var scanBracket = (pattern, start) => {
      const { length } = pattern;
      let index = start + 1;
      let negated = EMPTY;
      const lead = pattern[index];
      if (lead === "!" || lead === "^") {
        negated = "^";
        index++;
      }
      let body = EMPTY;
      let prev = EMPTY;
      for (; ; ) {
        const char = pattern[index];
        if (char === UNDEFINED) {
          return null;
        }
        if (char === ESCAPE) {
          const escaped = pattern[++index];
          body += escapeMember(escaped);
          prev = escaped;
        } else if (char === "-" && prev && index + 1 < length && pattern[index + 1] !== "]") {
          index++;
          let to = pattern[index];
          if (to === ESCAPE) {
            to = pattern[index += 1];
          }
          if (prev <= to) {
            body += `-${escapeMember(to)}`;
          }
          prev = EMPTY;
        } else if (char === "[" && pattern[index + 1] === ":") {
          const nameStart = index + 2;
          let end = nameStart;
          while (end < length && pattern[end] !== "]") {
            end++;
          }
          if (end === length) {
            return null;
          }
          if (end > nameStart && pattern[end - 1] === ":") {
            const name = pattern.slice(nameStart, end - 1);
            if (!Object.prototype.hasOwnProperty.call(POSIX_CLASSES, name)) {
              return null;
            }
            body += POSIX_CLASSES[name];
            prev = EMPTY;
            index = end;
          } else {
            body += escapeMember("[");
            prev = "[";
            index = nameStart - 2;
          }
        } else {
          body += escapeMember(char);
          prev = char;
        }
        index++;
        if (pattern[index] === "]") {
          return {
            end: index,
            source: classSource(negated, body)
          };
        }
      }
    };
    var NEVER_MATCH = "[]";
    var PLACEHOLDER = "\0";
    var REGEX_RESTORE_PLACEHOLDER = new RegExp(
      `${PLACEHOLDER}(\\d+)${PLACEHOLDER}`,
      "g"
    );
    var TRAILING_WILDCARD = "\uE000";
    var TRAILING_DOUBLESTAR = "\uE001";
    var isReserved = (char) => char === PLACEHOLDER || char === TRAILING_WILDCARD || char === TRAILING_DOUBLESTAR;
    var extractBrackets = (pattern) => {
      const sources = [];
      const hold = (source) => `${PLACEHOLDER}${sources.push(source) - 1}${PLACEHOLDER}`;
      const { length } = pattern;
      let out = EMPTY;
      let index = 0;
      while (index < length) {
        const char = pattern[index];
        if (char === ESCAPE) {
          const escaped = pattern[index + 1];
          if (escaped === SLASH && index + 2 === length) {
            out += hold(NEVER_MATCH);
          } else if (escaped === "*" || escaped === "[" || escaped === SPACE) {
            out += pattern.slice(index, index + 2);
          } else {
            out += hold(
              REGEX_LITERAL_SPECIAL.test(escaped) ? ESCAPE + escaped : isReserved(escaped) ? `[${escaped}]` : escaped
            );
          }
          index += 2;
        } else if (isReserved(char)) {
          out += hold(`[${char}]`);
          index++;
        } else if (char === "[") {
          const scanned = scanBracket(pattern, index);
          if (scanned === null) {
            out += hold(NEVER_MATCH);
            index = length;
          } else {
            out += hold(scanned.source);
            index = scanned.end + 1;
          }
        } else {
          out += char;
          index++;
        }
      }
      return {
        source: out,
        sources
      };
    };
    var DIRECT = null;
    var REGEX_INNER_SLASH = /\/(?!$)/;
    var WILDCARD = "[^\\/]*";
    var REPLACERS = [
      // Replace (\ ) with ' '
      // Only a space: an escaped tab or other whitespace is already a literal by
      //   the time it reaches here, and a bare tab must be left as one, not turned
      //   into a space.
      // (\ ) -> ' '
      // (\\ ) -> '\\ '
      // (\\\ ) -> '\\ '
      [
        // A run of backslashes is taken whole, from its first one, so no match
        //   ever starts again inside it -- `(\\+?) ` did, which made a long run
        //   quadratic.
        /(\\+)( ?)/g,
        (_, run, space) => space ? run.slice(0, run.length - run.length % 2) + SPACE : run,
        ESCAPE + SPACE
      ],
      // git's wildmatch() reads a run of two or more asterisks as one globstar
      //   whenever the run fills a path segment: it starts the pattern or follows
      //   a `/`, and it ends the pattern or comes before a `/`. A run of two is
      //   already `**`; a longer one is folded into `**` here, so the steps
      //   below only ever have to know `**`.
      // `***/foo` -> `**/foo`, `a/***/b` -> `a/**/b`, `a/***` -> `a/**`
      // git also takes a run beside a literal prefix (`a***/b`) or beside an
      //   escaped slash (`***\/b`) as a globstar, and this does not; the README
      //   lists both, under "A run of asterisks".
      [
        /(^|\/)\*{3,}(?=\/|$)/g,
        (_, start) => `${start}**`,
        "*"
      ],
      // Escape metacharacters
      // which is written down by users but means special for regular expressions.
      // > There are 12 characters with special meanings:
      // > - the backslash \,
      // > - the caret ^,
      // > - the dollar sign $,
      // > - the period or dot .,
      // > - the vertical bar or pipe symbol |,
      // > - the question mark ?,
      // > - the asterisk or star *,
      // > - the plus sign +,
      // > - the opening parenthesis (,
      // > - the closing parenthesis ),
      // > - and the opening square bracket [,
      // > - the opening curly brace {,
      // > These special characters are often called "metacharacters".
      [
        /[\\$.|*+(){^]/g,
        (match) => `\\${match}`
      ],
      [
        // > a question mark (?) matches a single character
        /(?!\\)\?/g,
        () => "[^/]",
        "?"
      ],
      // leading slash
      [
        // > A leading slash matches the beginning of the pathname.
        // > For example, "/*.c" matches "cat-file.c" but not "mozilla-sha1/sha1.c".
        // A leading slash matches the beginning of the pathname
        /^\//,
        () => "^",
        SLASH
      ],
      // replace special metacharacter slash after the leading slash
      [
        /\//g,
        () => "\\/",
        SLASH
      ],
      [
        // > A leading "**" followed by a slash means match in all directories.
        // > For example, "**/foo" matches file or directory "foo" anywhere,
        // > the same as pattern "foo".
        // > "**/foo/bar" matches file or directory "bar" anywhere that is directly
        // >   under directory "foo".
        // Notice that the '*'s have been replaced as '\\*'
        /^\^*(?:\\\*\\\*\\\/)+/,
        // '**/foo' <-> 'foo'
        () => "(?:^|\\/)",
        "*"
      ],
      // starting
      [
        // there will be no leading '/'
        //   (which has been replaced by section "leading slash")
        // If starts with '**', adding a '^' to the regular expression also works
        DIRECT,
        (source, pattern) => {
          if (!source || source[0] === "^" || source[0] === "(") {
            return source;
          }
          const anchor = !REGEX_INNER_SLASH.test(pattern) ? "(?:^|\\/)" : "^";
          return anchor + source;
        }
      ],
      // two globstars
      [
        // Use lookahead assertions so that we could match more than one `'/**'`
        /\\\/\\\*\\\*(?=\\\/|$)/g,
        // Zero, one or several directories
        // should not use '*', or it will be replaced by the next replacer
        // Check if it is not the last `'/**'`
        (_, index, str) => index + 6 < str.length ? str.slice(index + 6) === "\\/" ? "(?:\\/[^\\/]+)+" : "(?:\\/[^\\/]+)*" : `\\/${TRAILING_DOUBLESTAR}`,
        "*"
      ],
      // normal intermediate wildcards
      [
        // Never replace escaped '*'
        // ignore rule '\*' will match the path '*'
        // 'abc.*/' -> go
        // 'abc.*'  -> skip this rule,
        //    coz trailing single wildcard will be handed by [trailing wildcard]
        /(^|[^\\])(?:\\\*)+(?!$)/g,
        // '*.js' matches '.js'
        // '*.js' doesn't match 'abc'
        // 1. An asterisk "*" matches anything except a slash.
        // 2. Other consecutive asterisks are considered regular asterisks
        //    and collapse into one non-slash wildcard run.
        (_, p1) => p1 + WILDCARD,
        "*"
      ],
      // trailing wildcard, held apart from a literal star
      [
        // The step above leaves a trailing `*` alone, so a single `\*` is all that
        //   can be left at the end here, and what stands in front of it says which
        //   kind it is. A wildcard arrives as the escaper wrote it, `\*` with
        //   nothing before it; a literal arrives as the user's own escape, which
        //   the escaper doubled, and then the star's own -- `\\` and then `\*`.
        //   There is no third case: every backslash still reaching the chain is
        //   one `\*`, `\[` or `\ ` carries itself, and each is followed by its
        //   own character, so a longer run can never form. This runs while the
        //   two are still distinct, before the unescape steps below collapse the
        //   literal onto the very `\*` a wildcard leaves behind.
        /(^|[^\\])((?:\\\\)*)\\\*$/,
        (match, p1, p2) => p2 === EMPTY ? p1 + TRAILING_WILDCARD : match,
        "*"
      ],
      [
        // unescape, revert step 3 except for back slash
        // For example, if a user escape a '\\*',
        // after step 3, the result will be '\\\\\\*'
        /\\\\\\(?=[$.|*+(){^])/g,
        () => ESCAPE,
        ESCAPE + ESCAPE
      ],
      [
        // '\\\\' -> '\\'
        /\\\\/g,
        () => ESCAPE,
        ESCAPE + ESCAPE
      ],
      [
        // Every real bracket expression -- POSIX classes included -- has already
        //   been held aside by `extractBrackets`, so the only `[` left in the
        //   pattern is an escaped, literal one.
        // A backslash could only stand at the end of the range if it quoted the
        //   `]`, and `\]` is held aside long before this.
        /\\\[([^\]/]*?)($|\])/g,
        // '\\[bar]' -> '\\\\[bar]'
        (match, range, close) => `\\[${range}${close}`,
        "["
      ],
      // ending
      [
        // 'js' will not match 'js.'
        // 'ab' will not match 'abc'
        DIRECT,
        // WTF!
        // https://git-scm.com/docs/gitignore
        // changes in [2.22.1](https://git-scm.com/docs/gitignore/2.22.1)
        // which re-fixes #24, #38
        // > If there is a separator at the end of the pattern then the pattern
        // > will only match directories, otherwise the pattern can match both
        // > files and directories.
        // 'js*' will not match 'a.js'
        // 'js/' will not match 'a.js'
        // 'js' will match 'a.js' and 'a.js/'
        (source) => {
          const last = source[source.length - 1];
          if (!last || last === TRAILING_WILDCARD || last === TRAILING_DOUBLESTAR) {
            return source;
          }
          return last === SLASH ? `${source}$` : `${source}(?=$|\\/$)`;
        }
      ]
    ];
    var REGEX_REPLACE_TRAILING_WILDCARD = /(^|\\\/)?\uE000$/;
    var MODE_IGNORE = "regex";
    var MODE_CHECK_IGNORE = "checkRegex";
    var UNDERSCORE = "_";
    var replaceTrailingWildcard = (_, p1) => {
      const prefix = p1 ? `${p1}[^/]+` : "[^/]*";
      return `${prefix}(?=$|\\/$)`;
    };
    var REGEX_REPLACE_TRAILING_DOUBLESTAR = /\uE001$/;
    var replaceTrailingDoublestar = () => "[\\s\\S]";
    var separatorAfter = (run, at) => {
      let separator = EMPTY;
      for (let index = at + 1; index < run.length && !run[index].wildcard; index++) {
        separator += run[index].single;
      }
      return separator;
    };
    var pinWildcards = (source) => {
      if (source.indexOf(WILDCARD) < 0) {
        return source;
      }
      const tokens = [];
      const { length } = source;
      let index = 0;
      while (index < length) {
        const char = source[index];
        if (source.startsWith(WILDCARD, index)) {
          tokens.push({ wildcard: true });
          index += WILDCARD.length;
        } else if (char === "[") {
          let end = index + 1;
          if (source[end] === "^") {
            end++;
          }
          if (source[end] === "]") {
            end++;
          }
          while (end < length && source[end] !== "]") {
            end += source[end] === ESCAPE ? 2 : 1;
          }
          end++;
          tokens.push({ single: source.slice(index, end) });
          index = end;
        } else if (char === ESCAPE) {
          tokens.push({ single: source.slice(index, index + 2) });
          index += 2;
        } else if (char === "(") {
          let depth = 0;
          let end = index;
          do {
            if (source[end] === ESCAPE) {
              end++;
            } else if (source[end] === "(") {
              depth++;
            } else if (source[end] === ")") {
              depth--;
            }
            end++;
          } while (end < length && depth > 0);
          if ("*+?".indexOf(source[end]) >= 0) {
            end++;
          }
          tokens.push({ boundary: source.slice(index, end) });
          index = end;
        } else if (char === "^" || char === "$") {
          tokens.push({ boundary: char });
          index++;
        } else {
          tokens.push({ single: char });
          index++;
        }
      }
      let out = EMPTY;
      let run = [];
      const flush = () => {
        let lastWildcard;
        run.forEach((token, at) => {
          if (token.wildcard) {
            lastWildcard = at;
          }
        });
        run.forEach((token, at) => {
          if (!token.wildcard) {
            out += token.single;
            return;
          }
          out += at === lastWildcard ? WILDCARD : `(?:(?!${separatorAfter(run, at)})[^\\/])*`;
        });
        run = [];
      };
      tokens.forEach((token) => {
        if (token.boundary === void 0) {
          run.push(token);
          return;
        }
        flush();
        out += token.boundary;
      });
      flush();
      return out;
    };
    var makeRegexPrefix = (pattern) => {
      if (REGEX_ANCHORED_GLOBSTAR.test(pattern)) {
        pattern = "**";
      }
      const { source, sources } = extractBrackets(pattern);
      const replaced = REPLACERS.reduce(
        // A pass whose matcher finds nothing hands back the very string it was
        //   given, so asking first costs a search and saves a rewrite. Ten of the
        //   fifteen passes never fire for a typical .gitignore line, and between
        //   them they were 45% of this chain.
        (prev, [matcher, replacer2, required]) => {
          if (matcher === DIRECT) {
            return replacer2(prev, pattern);
          }
          if (required !== UNDEFINED && prev.indexOf(required) < 0) {
            return prev;
          }
          return matcher.test(prev) ? prev.replace(matcher, replacer2.bind(pattern)) : prev;
        },
        source
      );
      return sources.length ? replaced.replace(
        REGEX_RESTORE_PLACEHOLDER,
        (match, index) => sources[index]
      ) : replaced;
    };
    var checkSourceOf = (body, prefix) => {
      if (body[body.length - 1] === SLASH) {
        prefix = makeRegexPrefix(body.slice(0, -1));
      }
      const head = prefix.slice(0, -1);
      const last = prefix[prefix.length - 1];
      return last === TRAILING_WILDCARD ? `${head}$` : last === TRAILING_DOUBLESTAR ? head : NEVER_MATCH;
    };
    var matchesBasename = (body) => {
      const index = body.indexOf(SLASH);
      return index < 0 || index === body.length - 1;
    };
    var basenameOf = (path) => {
      const end = path.length - 1;
      const index = path.lastIndexOf(
        SLASH,
        path[end] === SLASH ? end - 1 : end
      );
      return index < 0 ? path : path.slice(index + 1);
    };
    var parentOf = (path) => {
      if (path.charCodeAt(0) === SLASH_CODE || path.indexOf(DOUBLE_SLASH) >= 0) {
        const slices = path.split(SLASH).filter(Boolean);
        slices.pop();
        return slices.length ? slices.join(SLASH) + SLASH : EMPTY;
      }
      const end = path.length - 1;
      const cut = path.lastIndexOf(
        SLASH,
        path.charCodeAt(end) === SLASH_CODE ? end - 1 : end
      );
      return cut < 0 ? EMPTY : path.slice(0, cut + 1);
    };
    var isString = (subject) => typeof subject === "string";
    var checkPattern = (pattern) => pattern && isString(pattern);
    var splitPattern = (pattern) => (pattern[pattern.length - 1] === "\r" ? pattern.slice(0, -1) : pattern).split(REGEX_SPLITALL_CRLF).filter(Boolean);
    var IgnoreRule = class {
      constructor(pattern, mark, body, ignoreCase, negative, prefix) {
        this.pattern = pattern;
        this.mark = mark;
        this.negative = negative;
        define(this, "body", body);
        define(this, "ignoreCase", ignoreCase);
        define(this, "regexPrefix", prefix);
      }
      // Worked out on first use and kept behind an own property, the way `regex`
      //   caches itself in `_regex`. Deciding it in the constructor instead would
      //   add a fourth `defineProperty` to every rule ever built, which cost 4% of
      //   every compile -- including the compiles of rules that are never matched
      //   against anything.
      get _basenameOnly() {
        return define(this, "_basenameOnly", matchesBasename(this.body));
      }
      get regex() {
        const key = UNDERSCORE + MODE_IGNORE;
        if (this[key]) {
          return this[key];
        }
        return this._make(MODE_IGNORE, key);
      }
      get checkRegex() {
        const key = UNDERSCORE + MODE_CHECK_IGNORE;
        if (this[key]) {
          return this[key];
        }
        return this._make(MODE_CHECK_IGNORE, key);
      }
      _make(mode, key) {
        const str = pinWildcards(
          mode === MODE_IGNORE ? this.regexPrefix.replace(REGEX_REPLACE_TRAILING_WILDCARD, replaceTrailingWildcard).replace(REGEX_REPLACE_TRAILING_DOUBLESTAR, replaceTrailingDoublestar) : checkSourceOf(this.body, this.regexPrefix)
        );
        const regex = this.ignoreCase ? new RegExp(str, "i") : new RegExp(str);
        return define(this, key, regex);
      }
    };
    var hasTrailingBackslash = (str) => {
      let count = 0;
      while (str[str.length - count - 1] === ESCAPE) {
        count++;
      }
      return count % 2 === 1;
    };
    var trimEnd = (body, stripLineEnd) => {
      let lineEnd = body.length;
      let end;
      for (; ; ) {
        if (stripLineEnd && body[lineEnd - 1] === "\r") {
          lineEnd--;
        }
        end = lineEnd;
        while (body[end - 1] === SPACE) {
          end--;
        }
        if (!stripLineEnd || body[end - 1] !== "\n") {
          break;
        }
        lineEnd = end - 1;
      }
      if (end === lineEnd) {
        return body.slice(0, lineEnd);
      }
      let backslashes = 0;
      while (body[end - backslashes - 1] === ESCAPE) {
        backslashes++;
      }
      return backslashes % 2 ? body.slice(0, end - 1) + SPACE : body.slice(0, end);
    };
    var createRule = (pattern, mark, ignoreCase, stripLineEnd, stripBOM) => {
      let body = stripBOM && pattern[0] === BOM ? pattern.slice(1) : pattern;
      if (body[0] === "#") {
        return;
      }
      let negative = false;
      if (body[0] === "!") {
        negative = true;
        body = body.slice(1);
      }
      const last = body[body.length - 1];
      if (last === SPACE || stripLineEnd && (last === "\r" || last === "\n")) {
        body = trimEnd(body, stripLineEnd);
      }
      if (!body || hasTrailingBackslash(body)) {
        return;
      }
      body = body.replace(REGEX_REPLACE_LEADING_EXCAPED_EXCLAMATION, "!").replace(REGEX_REPLACE_LEADING_EXCAPED_HASH, "#");
      const regexPrefix = makeRegexPrefix(body);
      return new IgnoreRule(
        pattern,
        mark,
        body,
        ignoreCase,
        negative,
        regexPrefix
      );
    };
    var RuleManager = class {
      constructor(ignoreCase) {
        this._ignoreCase = ignoreCase;
        this._rules = [];
        this._basenameCount = 0;
      }
      _add(pattern, index) {
        if (pattern && pattern[KEY_IGNORE]) {
          this._rules = this._rules.concat(pattern._rules._rules);
          this._basenameCount += pattern._rules._basenameCount;
          this._added = true;
          return;
        }
        const isStr = isString(pattern);
        const raw = isStr ? pattern : pattern.pattern;
        const rule = checkPattern(raw) && createRule(
          raw,
          isStr ? UNDEFINED : pattern.mark,
          this._ignoreCase,
          !this._split,
          this._stripBOM && !index
        );
        if (rule) {
          this._added = true;
          this._rules.push(rule);
          if (matchesBasename(rule.body)) {
            this._basenameCount++;
          }
        }
      }
      // @param {Array<string> | string | Ignore} pattern
      add(pattern) {
        this._added = false;
        this._split = isString(pattern);
        this._stripBOM = !this._split || pattern[0] === BOM;
        makeArray(
          this._split ? splitPattern(pattern) : pattern
        ).forEach(this._add, this);
        if (this._added) {
          this._literalRules = UNDEFINED;
        }
        return this._added;
      }
      // Match the literal 'abc/' for `checkIgnore`, last rule wins. Only a rule
      //   ending in a wildcard can match it (see `checkSourceOf`), so the rest
      //   are left out once, rather than tested or compiled for every path.
      testLiteral(path) {
        const rules = this._literalRules || (this._literalRules = this._rules.filter(
          ({ body }) => body[body.length - (body[body.length - 1] === SLASH ? 2 : 1)] === "*"
        ));
        let ignored = false;
        let unignored = false;
        let matchedRule;
        for (let index = rules.length - 1; index >= 0; index--) {
          const rule = rules[index];
          if (rule.checkRegex.test(path)) {
            ignored = !rule.negative;
            unignored = rule.negative;
            matchedRule = rule.negative ? UNDEFINED : rule;
            break;
          }
        }
        const ret = {
          ignored,
          unignored
        };
        if (matchedRule) {
          ret.rule = matchedRule;
        }
        return ret;
      }
      // Test one single path without recursively checking parent directories
      //
      // - mode `string` either `MODE_IGNORE` or `MODE_CHECK_IGNORE`
      // @returns {TestResult}
      test(path, mode) {
        const rules = this._rules;
        const { length } = rules;
        const shortcut = this._basenameCount * 2 >= length;
        const basename = shortcut ? basenameOf(path) : path;
        for (let index = length - 1; index >= 0; index--) {
          const rule = rules[index];
          if (rule[mode].test(
            shortcut && rule._basenameOnly ? basename : path
          )) {
            const { negative } = rule;
            const ret = {
              ignored: !negative,
              unignored: negative
            };
            if (!negative) {
              ret.rule = rule;
            }
            return ret;
          }
        }
        return {
          ignored: false,
          unignored: false
        };
      }
    };
    var throwError = (message, Ctor) => {
      throw new Ctor(message);
    };
    var checkPath = (path, originalPath, doThrow) => {
      if (!isString(path)) {
        return doThrow(
          `path must be a string, but got \`${originalPath}\``,
          TypeError
        );
      }
      if (!path) {
        return doThrow(`path must not be empty`, TypeError);
      }
      if (checkPath.isNotRelative(path)) {
        const r = "`path.relative()`d";
        return doThrow(
          `path should be a ${r} string, but got "${originalPath}"`,
          RangeError
        );
      }
      return true;
    };
    var isNotRelative = (path) => {
      const first = path.charCodeAt(0);
      if (first === SLASH_CODE) {
        return true;
      }
      if (first !== DOT_CODE) {
        return false;
      }
      if (path.length === 1) {
        return true;
      }
      const second = path.charCodeAt(1);
      if (second === SLASH_CODE) {
        return true;
      }
      if (second !== DOT_CODE) {
        return false;
      }
      return path.length === 2 || path.charCodeAt(2) === SLASH_CODE;
    };
    checkPath.isNotRelative = isNotRelative;
    checkPath.convert = (p) => p;
    var convertPath = (target) => isString(target) && checkPath.convert(target);
    var Ignore = class {
      constructor({
        ignorecase = true,
        ignoreCase = ignorecase,
        allowRelativePaths = false
      } = {}) {
        define(this, KEY_IGNORE, true);
        this._rules = new RuleManager(ignoreCase);
        this._strictPathCheck = !allowRelativePaths;
        this._initCache();
      }
      _initCache() {
        this._ignoreCache = /* @__PURE__ */ Object.create(null);
        this._testCache = /* @__PURE__ */ Object.create(null);
      }
      add(pattern) {
        if (this._rules.add(pattern)) {
          this._initCache();
        }
        return this;
      }
      // legacy
      addPattern(pattern) {
        return this.add(pattern);
      }
      // @returns {TestResult}
      _test(originalPath, cache2, path) {
        checkPath(
          path,
          originalPath,
          this._strictPathCheck ? throwError : RETURN_FALSE
        );
        return path ? this._t(path, cache2) : {
          ignored: false,
          unignored: false
        };
      }
      checkIgnore(target) {
        const path = convertPath(target);
        if (!path || path.charCodeAt(path.length - 1) !== SLASH_CODE) {
          return this._test(target, this._testCache, path);
        }
        const dir = this._t(path, this._testCache);
        if (dir.ignored) {
          return dir;
        }
        const literal = this._rules.testLiteral(path);
        return literal.ignored || literal.unignored ? literal : dir;
      }
      _t(path, cache2) {
        const cached = cache2[path];
        if (cached) {
          return cached;
        }
        const parentPath = parentOf(path);
        const parent = parentPath ? this._t(parentPath, cache2) : UNDEFINED;
        return cache2[path] = parent && parent.ignored ? parent : this._rules.test(path, MODE_IGNORE);
      }
      ignores(path) {
        return this._test(path, this._ignoreCache, convertPath(path)).ignored;
      }
      createFilter() {
        return (path) => !this.ignores(path);
      }
      filter(paths) {
        return makeArray(paths).filter(this.createFilter());
      }
      // @returns {TestResult}
      test(path) {
        return this._test(path, this._testCache, convertPath(path));
      }
    };
    var factory = (options) => new Ignore(options);
    var isPathValid = (path) => checkPath(convertPath(path), path, RETURN_FALSE);
    var setupWindows = () => {
      const makePosix = (str) => /^\\\\\?\\/.test(str) || /["<>|\u0000-\u001F]+/u.test(str) ? str : str.replace(/\\/g, "/");
      checkPath.convert = makePosix;
      const REGEX_TEST_WINDOWS_PATH_ABSOLUTE = /^[a-z]:\//i;
      checkPath.isNotRelative = (path) => REGEX_TEST_WINDOWS_PATH_ABSOLUTE.test(path) || isNotRelative(path);
    };
    if (
      // Detect `process` so that it can run in browsers.
      typeof process !== "undefined" && process.platform === "win32"
    ) {
      setupWindows();
    }
    module.exports = factory;
    factory.default = factory;
    module.exports.isPathValid = isPathValid;
    define(module.exports, /* @__PURE__ */ Symbol.for("setupWindows"), setupWindows);
  }
});

// src/node/scan-worker.ts
import { isMainThread, workerData } from "node:worker_threads";

// src/core/lines.ts
function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
function positionAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = lo + hi + 1 >>> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

// src/core/redact.ts
import { createHmac, randomBytes } from "node:crypto";
var PUBLIC_PREFIX = /^(?:gh[pousr]_|github_pat_|glpat-|glptt-|glrt-|gldt-|GR1348941|xox[abposre]-|xapp-|sk_live_|rk_live_|AKIA|ASIA|AGPA|AIDA|AROA|AIza|npm_|pypi-|hv[sbr]\.|dp\.(?:pt|st|sa|ct|scim|audit)\.|ops_|SG\.|SSWS |eyJ|-----BEGIN [A-Z ]{0,30}PRIVATE KEY-----)/;
var NO_PUBLIC_PREFIX = /^(?:generic-|url-credentials$|kubernetes-secret-literal$|terraform-provider-literal$|aws-secret-access-key$|twilio-auth-token$|azure-)/;
var LENGTH_CLASSES = [
  [16, "under 16 chars"],
  [32, "16-31 chars"],
  [64, "32-63 chars"],
  [128, "64-127 chars"]
];
function lengthClass(length) {
  for (const [below, label] of LENGTH_CLASSES) if (length < below) return label;
  return "128+ chars";
}
function redact(value, detector) {
  const prefix = detector !== void 0 && NO_PUBLIC_PREFIX.test(detector) ? "" : PUBLIC_PREFIX.exec(value)?.[0] ?? "";
  return `${prefix}\u2026(${lengthClass([...value].length)})`;
}
var PROCESS_KEY = randomBytes(32);
function hashValue(value) {
  return createHmac("sha256", PROCESS_KEY).update(value, "utf8").digest("hex");
}

// src/core/detect/vocabulary.ts
function normalizeKey(key) {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}
var CREDENTIAL_WORDS = [
  "password",
  "passwords",
  "passwd",
  "passphrase",
  "pwd",
  "pass",
  "secret",
  "secrets",
  "token",
  "tokens",
  "apikey",
  "auth",
  "credential",
  "credentials",
  "creds",
  "cred",
  "bearer",
  "pat",
  "accesskey",
  "privatekey",
  "secretkey"
];
var CREDENTIAL_SUFFIXES = ["token", "secret", "password", "passwd", "apikey", "credentials", "passphrase"];
var KEY_QUALIFIERS = [
  "access",
  "private",
  "secret",
  "client",
  "signing",
  "sign",
  "encryption",
  "master",
  "account",
  "session",
  "shared",
  "app",
  "webhook",
  "license",
  "api",
  "ssh",
  "deploy",
  "gpg",
  "pgp",
  "hmac",
  "storage",
  "service"
];
var NAME_ONLY_WORDS = ["key", "keys", "cert", "certs", "certificate", "private", "webhook", "jwt"];
var NON_CREDENTIAL_KEY_QUALIFIERS = [
  "cache",
  "sort",
  "partition",
  "primary",
  "foreign",
  "lookup",
  "routing",
  "public",
  "idempotency",
  "map",
  "hash",
  "kms",
  "label",
  "annotation",
  "object",
  "issue",
  "translation",
  "i18n",
  "shard",
  "range",
  "row",
  "column",
  "lock",
  "dedup",
  "unique",
  "config",
  "setting",
  "index"
];
var METADATA_TAILS = [
  "name",
  "names",
  "ref",
  "refs",
  "file",
  "files",
  "path",
  "paths",
  "dir",
  "url",
  "uri",
  "endpoint",
  "host",
  "hostname",
  "domain",
  "region",
  "port",
  "ttl",
  "timeout",
  "length",
  "len",
  "type",
  "kind",
  "mode",
  "method",
  "policy",
  "version",
  "header",
  "prefix",
  "suffix",
  "format",
  "id",
  "ids",
  "identifier",
  "enabled",
  "enable",
  "required",
  "env",
  "var",
  "field",
  "location",
  "arn",
  "arns",
  "provider",
  "providers",
  "backend",
  "count",
  "expiry",
  "expiration",
  "expires_at",
  "expires_in",
  "hint",
  "label",
  "description",
  "source",
  "template",
  "store",
  "mount",
  "manager",
  "selector",
  "annotation",
  "regex",
  "pattern",
  "min",
  "max",
  "rotation",
  "rotate",
  "age",
  "lifetime",
  "duration",
  "size",
  "bits",
  "algorithm",
  "alg",
  "scope",
  "scopes",
  "audience",
  "issuer",
  "user",
  "username",
  "login",
  "email",
  "role",
  "group",
  "param",
  "parameter",
  "arg",
  "args",
  "command",
  "cmd",
  "script",
  "key_ref",
  "secret_ref",
  "schema",
  "config",
  "generator",
  "sha",
  "hash",
  "checksum",
  "digest",
  "days",
  "hours",
  "minutes",
  "seconds",
  "interval",
  "schedule",
  "expression",
  "immediately",
  "window",
  "status",
  "state",
  "option",
  "options",
  "mtime",
  "time",
  "date",
  "image",
  "tag",
  "repository",
  "registry",
  "stdin",
  "fingerprint",
  "thumbprint",
  "kid",
  "usage",
  "length",
  "limit",
  "level",
  "flag",
  "strategy",
  "validator",
  "visibility",
  "placeholder",
  "message",
  "error",
  "dialog",
  "button",
  "title",
  "subtitle",
  "text",
  "column",
  "class",
  "encryption",
  "hashing",
  "complexity",
  "strength",
  "reset",
  "validation",
  "history",
  "prompt",
  "input",
  "changed",
  // Where a secret lives and what class models a token: `provisioner-secret-namespace` (a
  // Kubernetes CSI annotation), `OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL` (a Django model path), and
  // API collection names (`_credential_types`, `_credential_input_sources`).
  "namespace",
  "namespaces",
  "model",
  "models",
  "types",
  "sources",
  // iSCSI CHAP: the mutual-authentication user names.
  "username_in",
  "username_out",
  // etcd's initial cluster token keeps clusters apart at bootstrap; etcd documents it as an ID,
  // not an authentication secret.
  "initial_cluster_token",
  // JOSE: the content-encryption algorithm of an encrypted token (`id_token_encrypted_response_enc`).
  "enc",
  // A .NET strong name's public key token is the hash of a public key, printed in every reference.
  "public_key_token"
];
var COUNT_PREFIXES = ["max", "min", "num", "count", "total"];
var CREDENTIAL_NAME_TAILS = ["access_key_id", "webhook_url"];
var WELL_KNOWN_NON_SECRETS = /* @__PURE__ */ new Set(["PWD", "OLDPWD", "HOME", "PATH", "USER", "SHELL"]);
var alt = (words) => [...new Set(words)].sort((a, b2) => b2.length - a.length).join("|");
var CREDENTIAL_KEY_PATTERN = `(?:^|_)(?:${alt(CREDENTIAL_WORDS)})(?:_|$)|[a-z0-9](?:${alt(CREDENTIAL_SUFFIXES)})(?:_|$)|(?:^|_)(?:${alt(KEY_QUALIFIERS)})_?keys?(?:_|$)`;
var NON_CREDENTIAL_KEY_PATTERN = `(?:^|_)(?:${alt(METADATA_TAILS)})$|^(?:${alt(COUNT_PREFIXES)})_`;
var CREDENTIAL_KEY_RE = new RegExp(CREDENTIAL_KEY_PATTERN);
var NON_CREDENTIAL_KEY_RE = new RegExp(NON_CREDENTIAL_KEY_PATTERN);
var NAME_ONLY = new Set(NAME_ONLY_WORDS);
var NON_KEY_QUALIFIERS = new Set(NON_CREDENTIAL_KEY_QUALIFIERS);
function isCredentialName(name) {
  if (WELL_KNOWN_NON_SECRETS.has(name)) return false;
  const key = normalizeKey(name);
  if (key === "") return false;
  const words = key.split("_");
  if (CREDENTIAL_NAME_TAILS.some((tail) => key === tail || key.endsWith(`_${tail}`))) return true;
  if (NON_CREDENTIAL_KEY_RE.test(key)) return false;
  if (CREDENTIAL_KEY_RE.test(key)) return true;
  return words.some((word, i) => NAME_ONLY.has(word) && !((word === "key" || word === "keys") && i > 0 && NON_KEY_QUALIFIERS.has(words[i - 1] ?? "")));
}
var PLACEHOLDER_WORDS = [
  "true",
  "false",
  "yes",
  "no",
  "on",
  "off",
  "null",
  "nil",
  "none",
  "undefined",
  "empty",
  "required",
  "optional",
  "password",
  "passwd",
  "secret",
  "token",
  "test",
  "testing",
  "admin",
  "root",
  "guest",
  "default",
  "string",
  "value",
  "foo",
  "bar",
  "foobar",
  "baz",
  "abc123",
  "123456",
  "12345678",
  "qwerty",
  "letmein",
  "password123",
  "p@ssw0rd",
  "secret123",
  "replace",
  "tbd",
  "apikey",
  "changeme",
  "changeit"
];
var PLACEHOLDER_FRAGMENTS = [
  "example",
  "sample",
  "dummy",
  "placeholder",
  "redacted",
  "changeme",
  "change_me",
  "change-me",
  "changeit",
  "your_",
  "your-",
  "yourkey",
  "yourtoken",
  "yoursecret",
  "yourpassword",
  "yourapikey",
  "insert_",
  "insert-",
  "replace_",
  "replace-",
  "replaceme",
  "xxxx",
  "****",
  "todo",
  "fixme",
  "...",
  "\u2026",
  "fake",
  "notreal",
  "not_real",
  "not-a-real",
  "notasecret",
  "lorem",
  "shhh",
  // A value that names its encoding instead of being encoded (`accountkey: base64encodedaccountkey`).
  "base64encoded",
  "base64_encoded",
  "base64-encoded",
  // Keyboard and counting sequences: documentation values, not generated secrets.
  "abcdef",
  "1234567",
  "aabbcc"
];
var PLACEHOLDER_VOCABULARY = [
  "my",
  "your",
  "our",
  "the",
  "a",
  "an",
  "some",
  "super",
  "very",
  "strong",
  "secure",
  "secret",
  "secrets",
  "password",
  "passwords",
  "passwd",
  "pass",
  "pwd",
  "token",
  "key",
  "api",
  "access",
  "private",
  "public",
  "client",
  "app",
  "auth",
  "db",
  "database",
  "admin",
  "user",
  "username",
  "root",
  "test",
  "dev",
  "demo",
  "default",
  "new",
  "old",
  "another",
  "other",
  "value",
  "here",
  "goes",
  "bearer",
  "webhook",
  "shared",
  "signing",
  "master",
  "service",
  "account",
  "login",
  "mysql",
  "postgres",
  "redis",
  "mongo",
  "rabbitmq",
  "grafana",
  "minio",
  "jenkins",
  "gitlab",
  "github",
  "docker",
  "foo",
  "bar",
  "baz",
  "foobar",
  // What a value is made of, named instead of given (`"token": base64Token`).
  "base64",
  "encoded"
];
var PLACEHOLDER_PATTERNS = [
  // Template and interpolation syntax: the value is filled in elsewhere.
  "\\$\\{",
  "\\{\\{",
  "\\$\\(",
  "%\\(",
  "#\\{",
  "<%",
  "\\{%",
  "^\\$[A-Za-z_]\\w*$",
  "^<[^>]*>$",
  "^\\[[^\\]]*\\]$",
  // An escaped shell variable (`\$VALKEY_PASSWORD`) is a reference for the next shell, not a literal.
  "^\\\\\\$",
  // A printf format string (`authelia_%s_`): filled in by code.
  "%[sdvq](?![A-Za-z0-9])",
  // One repeated character: xxxxxxxx, ********, 00000000.
  "^(.)\\1+$"
];

// src/core/detect/allowlist.ts
var GLOBAL_ALLOWLIST = {
  paths: [
    // Lockfiles: integrity hashes and checksums, not secrets.
    "(?:^|/)(?:package-lock\\.json|npm-shrinkwrap\\.json|yarn\\.lock|pnpm-lock\\.ya?ml|bun\\.lockb?|go\\.sum|go\\.work\\.sum|Cargo\\.lock|poetry\\.lock|Pipfile\\.lock|uv\\.lock|pdm\\.lock|composer\\.lock|Gemfile\\.lock|mix\\.lock|pubspec\\.lock|Podfile\\.lock|go\\.mod|go\\.work|packages\\.lock\\.json|gradle\\.lockfile|flake\\.lock|\\.terraform\\.lock\\.hcl|Chart\\.lock)$",
    // Vendored and generated trees.
    "(?:^|/)(?:node_modules|vendor|bower_components|\\.git)/",
    // Binary and media formats, source maps.
    "\\.(?:png|jpe?g|gif|bmp|ico|webp|tiff?|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|ear|class|so|dylib|dll|exe|bin|o|a|woff2?|ttf|otf|eot|mp3|mp4|mov|avi|wasm|pyc|map)$"
  ],
  values: [
    ...PLACEHOLDER_PATTERNS,
    // Public material: certificates (as PEM or base64 PEM) are meant to be shared.
    "-----BEGIN (?:TRUSTED )?CERTIFICATE-----",
    "^LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t",
    "^LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0",
    // Password hashes (bcrypt, argon2, sha-crypt) are what a system stores instead of the password.
    "^\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$",
    "^\\$argon2(?:id|i|d)\\$",
    "^\\$[56]\\$(?:rounds=\\d+\\$)?[./A-Za-z0-9]{1,16}\\$[./A-Za-z0-9]{43,86}$",
    // The token shown on jwt.io and copied into countless READMEs and tests.
    "\\.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c$"
  ],
  words: PLACEHOLDER_WORDS,
  stopwords: PLACEHOLDER_FRAGMENTS,
  vocabulary: PLACEHOLDER_VOCABULARY
};
var compileAll = (sources, flags) => (sources ?? []).map((source) => new RegExp(source, flags));
function compileAllowlist(list) {
  return {
    values: compileAll(list?.values, ""),
    stopwords: (list?.stopwords ?? []).map((word) => word.toLowerCase()),
    words: new Set((list?.words ?? []).map((word) => word.toLowerCase())),
    matches: compileAll(list?.matches, "i"),
    keys: compileAll(list?.keys, ""),
    paths: compileAll(list?.paths, ""),
    vocabulary: list?.vocabulary === void 0 || list.vocabulary.length === 0 ? void 0 : new RegExp(`^(?:(?:${[...list.vocabulary].sort((a, b2) => b2.length - a.length).join("|")})[-_. :/]?){1,8}$`)
  };
}
var COMPILED_GLOBAL_ALLOWLIST = compileAllowlist(GLOBAL_ALLOWLIST);
function isAllowedPath(list, path) {
  return list.paths.some((re) => re.test(path));
}
function isAllowedValue(list, secret, match, normalizedKey) {
  if (list.values.some((re) => re.test(secret))) return true;
  if (list.stopwords.length > 0 || list.words.size > 0 || list.vocabulary !== void 0) {
    const lower = secret.toLowerCase();
    if (list.words.has(lower)) return true;
    if (list.stopwords.some((word) => lower.includes(word))) return true;
    if (list.vocabulary?.test(lower) === true) return true;
  }
  if (list.matches.some((re) => re.test(match))) return true;
  if (normalizedKey !== void 0 && list.keys.some((re) => re.test(normalizedKey))) return true;
  if (normalizedKey !== void 0 && normalizedKey !== "" && normalizeKey(secret) === normalizedKey) return true;
  return false;
}

// node_modules/re2js/build/index.js
var RE2Flags = class RE2Flags2 {
  static FOLD_CASE = 1;
  static LITERAL = 2;
  static CLASS_NL = 4;
  static DOT_NL = 8;
  static ONE_LINE = 16;
  static NON_GREEDY = 32;
  static PERL_X = 64;
  static UNICODE_GROUPS = 128;
  static WAS_DOLLAR = 256;
  static LOOKBEHIND = 512;
  static MATCH_NL = RE2Flags2.CLASS_NL | RE2Flags2.DOT_NL;
  static PERL = RE2Flags2.CLASS_NL | RE2Flags2.ONE_LINE | RE2Flags2.PERL_X | RE2Flags2.UNICODE_GROUPS;
  static POSIX = 0;
  static UNANCHORED = 0;
  static ANCHOR_START = 1;
  static ANCHOR_BOTH = 2;
};
var PublicFlags = {
  CASE_INSENSITIVE: 1,
  DOTALL: 2,
  MULTILINE: 4,
  DISABLE_UNICODE_GROUPS: 8,
  LONGEST_MATCH: 16,
  LOOKBEHINDS: 512
};
var ASCII_SIZE = 128;
var ASCII_TO_UPPER = new Int32Array(ASCII_SIZE);
var ASCII_TO_LOWER = new Int32Array(ASCII_SIZE);
var MAX_BMP = 65535;
for (let i = 0; i < ASCII_SIZE; i++) {
  if (i >= 97 && i <= 122) ASCII_TO_UPPER[i] = i - 32;
  else ASCII_TO_UPPER[i] = i;
  if (i >= 65 && i <= 90) ASCII_TO_LOWER[i] = i + 32;
  else ASCII_TO_LOWER[i] = i;
}
var Codepoint = class {
  static CODES = Object.freeze({
    "\x07": 7,
    "\b": 8,
    "	": 9,
    "\n": 10,
    "\v": 11,
    "\f": 12,
    "\r": 13,
    " ": 32,
    '"': 34,
    $: 36,
    "&": 38,
    "'": 39,
    "(": 40,
    ")": 41,
    "*": 42,
    "+": 43,
    "-": 45,
    ".": 46,
    0: 48,
    1: 49,
    2: 50,
    3: 51,
    4: 52,
    5: 53,
    6: 54,
    7: 55,
    8: 56,
    9: 57,
    ":": 58,
    "<": 60,
    ">": 62,
    "?": 63,
    A: 65,
    B: 66,
    C: 67,
    F: 70,
    P: 80,
    Q: 81,
    U: 85,
    Z: 90,
    "[": 91,
    "\\": 92,
    "]": 93,
    "^": 94,
    _: 95,
    "`": 96,
    a: 97,
    b: 98,
    f: 102,
    i: 105,
    m: 109,
    n: 110,
    r: 114,
    s: 115,
    t: 116,
    v: 118,
    x: 120,
    z: 122,
    "{": 123,
    "|": 124,
    "}": 125
  });
  static toUpperCase(codepoint) {
    if (codepoint < ASCII_SIZE) return ASCII_TO_UPPER[codepoint];
    const s = String.fromCodePoint(codepoint).toUpperCase();
    const expectedLen = s.codePointAt(0) > MAX_BMP ? 2 : 1;
    if (s.length > expectedLen) return codepoint;
    const sOrigin = String.fromCodePoint(s.codePointAt(0)).toLowerCase();
    const originExpectedLen = sOrigin.codePointAt(0) > MAX_BMP ? 2 : 1;
    if (sOrigin.length > originExpectedLen || sOrigin.codePointAt(0) !== codepoint) return codepoint;
    return s.codePointAt(0);
  }
  static toLowerCase(codepoint) {
    if (codepoint < ASCII_SIZE) return ASCII_TO_LOWER[codepoint];
    const s = String.fromCodePoint(codepoint).toLowerCase();
    const expectedLen = s.codePointAt(0) > MAX_BMP ? 2 : 1;
    if (s.length > expectedLen) return codepoint;
    const sOrigin = String.fromCodePoint(s.codePointAt(0)).toUpperCase();
    const originExpectedLen = sOrigin.codePointAt(0) > MAX_BMP ? 2 : 1;
    if (sOrigin.length > originExpectedLen || sOrigin.codePointAt(0) !== codepoint) return codepoint;
    return s.codePointAt(0);
  }
};
var UnicodeRangeTable = class {
  /**
  * @param {Uint32Array | number[]} data
  * @param {boolean} isStride1
  */
  constructor(data, isStride1 = false) {
    this.data = data;
    this.isStride1 = isStride1;
    this.SIZE = isStride1 ? 2 : 3;
  }
  getLo(index) {
    return this.data[index * this.SIZE];
  }
  getHi(index) {
    return this.data[index * this.SIZE + 1];
  }
  getStride(index) {
    return this.isStride1 ? 1 : this.data[index * this.SIZE + 2];
  }
  get length() {
    return this.data.length / this.SIZE;
  }
};
var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-";
var B64_MAP = /* @__PURE__ */ new Uint8Array(256);
for (let i = 0; i < 64; i++) B64_MAP[B64.charCodeAt(i)] = i;
var decodeVLQ = (str) => {
  const res = [];
  let value = 0;
  let shift = 0;
  for (let i = 0; i < str.length; i++) {
    const digit = B64_MAP[str.charCodeAt(i)];
    value |= (digit & 31) << shift;
    if ((digit & 32) === 0) {
      res.push(value);
      value = 0;
      shift = 0;
    } else shift += 5;
  }
  return res;
};
var decodeRanges = (str, isStride1) => {
  const res = decodeVLQ(str);
  const numRanges = isStride1 ? res.length / 2 : res.length / 3;
  const out = new Uint32Array(numRanges * 3);
  let current = 0;
  let resIdx = 0;
  for (let i = 0; i < numRanges; i++) {
    current += res[resIdx++];
    out[i * 3] = current;
    current += res[resIdx++];
    out[i * 3 + 1] = current;
    out[i * 3 + 2] = isStride1 ? 1 : res[resIdx++];
  }
  return out;
};
var decodeOrbit = (str) => {
  const res = decodeVLQ(str);
  const map = /* @__PURE__ */ new Map();
  let currentKey = 0;
  for (let i = 0; i < res.length; i += 2) {
    currentKey += res[i];
    const zz = res[i + 1];
    const delta = zz >>> 1 ^ -(zz & 1);
    map.set(currentKey, currentKey + delta);
  }
  return map;
};
var LazyMap = class {
  constructor(initializer) {
    this.initializer = initializer;
    this.cache = /* @__PURE__ */ new Map();
  }
  has(key) {
    return Object.hasOwn(this.initializer, key);
  }
  get(key) {
    if (this.cache.has(key)) return this.cache.get(key);
    const val = this.has(key) ? this.initializer[key]() : null;
    this.cache.set(key, val);
    return val;
  }
};
var UnicodeTables = class {
  static _CASE_ORBIT = null;
  static get CASE_ORBIT() {
    if (!this._CASE_ORBIT) this._CASE_ORBIT = decodeOrbit("rCgCIgCY+rQI4QiCuuBLgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCCgCBgCBgCBgCBgCBgCBgCB+7OB-BB-BB-BB-BB-BBskQB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BC-BB-BB-BB-BB-BB-BB-BByHBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBDCBBBCBBBCBBCCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBCCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBxHBCBBBCBBBCBBB3SBmMBkNBCBBBCBBB8MBCBBB6MB6MBCBBC+EB0MB2MBCBBB6MB+MBiGBmNBiNBCBBBmKBikzCBmNBqNBkIBsNBCBBBCBBBCBBB0NBCBBB0NDCBBB0NBCBBByNByNBCBBBCBBB2NBCBBDCBBCwDFCBCBDBCBCBDBCBCBDBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBB9EBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBCCBCBDBCBBBhGBvDBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBjICCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBH2iVBCBBBlKBwiVB+jVB+jVBCBBBlMBqEBuEBCBBBCBBBCBBBCBBBCBBB+hVB4hVB8hVBjNB7MC5MB5MCzMC1MB+0yCE5MB20yCC9MBu2yCBwyyCBo0yCChNBlNBo0yCBu-UBi0yCDlNC6-UBpNDrNIu+UDzNCm0yCBzNE0yyCBzNBpEBxNBxNBtEG1NLqxyCBkxyCnFoFrBCBBBCBBDCBBEkIBkIBkICoHHsCCqCBqCBqCCgEC+DB+DBmkOBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCC+BBgCBgCBgCBgCBgCBgCBgCBgCBrCBpCBpCBpCBmjOB-BB8BB-BB-BBgEB-BB-BByBBqgOBsDB-BBtwBB-BB-BB-BBsBBgDBCB-BB-BB-BBeB-BB-BB61OB-BB-BB-DB9DB9DBQB7DBmCE9CBrDBPBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBrFB-EBOBnHB3FB-FCCBBBNBCBBCjIBjIBjIBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCB-BB-BB8kMB-BB6kMB-BB-BB-BB-BB-BB-BB-BB-BB-BBokMB-BB-BBkkMBkkMB-BB-BB-BB-BB-BB-BB-BB4jMB-BB-BB-BB-BB-BB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EBCBBBCBoiMBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBJCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBeBCBBBCBBBCBBBCBBBCBBBCBBBCBBBdBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBCgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDL-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-C64CgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOCgmOGgmODg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FDg8FBg8FBg8FhVg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBQBQBQBQBQBQDPBPBPBPBPBPjkC7mMB5mMBnmMBjmMBCBlmMB3lMBpiMBk8kCBCBBG-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FD-7FB-7FB-7F6FoglCEsuHRwjlCyDCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCB0DBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBG1DD97OCCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPBQBQBQBQBQBQDPBPBPBPBPBPDQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPBQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPBQBQBQBQBQBQDPBPBPBPBPBPEQCQCQCQCPCPCPCPBQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPB0EB0EBsFBsFBsFBsFBoGBoGBgIBgIBgHBgHB8HB8HDQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPBQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPBQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPBQBQCSFPBPBzEBzEBRCxnOFSFrFBrFBrFBrFBREQBQClkOFPBPBnGBnGFQBQCljOCODPBPB-GB-GBNHSF-HB-HB7HB7HBRqJ53OE9tQBrmQH4Bc3BSgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBfBfBfBfBfBfBfBfBfBfBfBfBfBfBfBfECBByZ0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzB34BgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CBCBBBt-UBruHBt+UB1iVBviVBCBBBCBBBCBBB3hVB5-UB9hVB7hVCCBBCCBBI9jVB9jVBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBICBBBCBBECBBN-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOC-lOG-lOzoeCBBBCBBBCBBBCBBBCBBBCBl8kCBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBTCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBnECBBBCBBBCBBBCBBBCBBBCBBBCBBDCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBKCBBBCBBBnglCBCBBBCBBBCBBBCBBBCBBECBBBvyyCDCBBBCBBBgDCCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBn0yCB90yCB10yCBh0yCBn0yCCjxyCBzyyCBpxyCBg6BBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBB-CBl0yCBvjlCBCBBBCBBBt2yCBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBhkzCZCBB9a-5Bd-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCm6TCBB7gBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCH-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BmlBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvChDwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCFvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvC1DuCBuCBuCBuCBuCBuCBuCBuCBuCBuCBuCCuCBuCBuCBuCBuCBuCBuCBuCBuCBuCBuCBuCBuCBuCBuCCuCBuCBuCBuCBuCBuCBuCCuCBuCCtCBtCBtCBtCBtCBtCBtCBtCBtCBtCBtCCtCBtCBtCBtCBtCBtCBtCBtCBtCBtCBtCBtCBtCBtCBtCCtCBtCBtCBtCBtCBtCBtCCtCBtCk2BgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEO-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-D+CgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCL-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-B74CgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BhrVgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BhB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BD1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BtxekCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjC");
    return this._CASE_ORBIT;
  }
  static _Print = null;
  static get Print() {
    if (!this._Print) this._Print = new UnicodeRangeTable(decodeRanges("hB9CBjBLBCpWBDFBFGBCCCBSBCsMBClBBDxBBDCBC2BBJaBFFBSVBC-FBCvBBD6BBDkDBP6BBDwBBDOBCbBDCCBJBGfBIqCBCgFBCHBDBBDVBCGBCEEBCBDIBDBBDDBJFFBCCBDBDYBDCBCFBFBBDVBCGBCBBCBBCBBDCCBDBFBBDCBEIIBCBCIIBPBLCBCIBCCBCVBCGBCBBCEBDJBCCBCCBDQQBCBDLBIGBCCBCHBDBBDVBCGBCBBCEBDIBDBBDCBICBFBBCEBDRBLBBCFBECBCDBEBBCCCBEEBEEBBBELBFEBECBCDBDHHPUBGMBCCBCWBCPBDIBCCBCDBIBBCCBCBBDDBDJBIVBCCBCWBCJBCEBDIBCCBCDBIBBGCBCDBDJBCCBNMBCCBCyBBCCBCFBFPBDZBCCBCRBEXBCIBCDDBFBEFFBEBCCCBGBHJBDCBN5BBFcBmBBBCCCBDBCXBCCCBVBDEBCCCBFBCJBDDBhBnCBCjBBFmBBCjBBCOBCMBmBlGBCGGD4LBCDBDGBCCCBCBDoBBCDBDgBBCDBDGBCCCBCBDOBC4BBCDBDiCBDfBEZBH1CBDFBD-TBCbBE4CBIVBKXBKTBNMBCCBCBBN9CBDJBHJBHNBCKBH4CBIqBBGlCBLeBCLBFLBFEEBoBBDEBMrBBFZBHKBE9BBDgCBCcBDKBHJBHNBDtBBDLBVsCBClFBJ7BBEOBE9BBGqBBDKBJqBBG1QBDFBDlBBDFBDHBCGCBdBD0BBCOBCNBDFBCSBDCBCIBSXBJuBBSBBDaBCMBEhBBPgBBQrEBF5UBXKBWz4BBD9LBGsBBCGGD3BBIBBPXBKGBCGBCGBCGBCGBCGBCGBCGBC9DBjBZBC4CBN1GBbPBC+BBC1CBDmDBGqBBC9CBC1CBKvBBCszcBE2BBK7KBV3FBJ8GBV7BBEJBH3BBJlCBJLBHzDBMdBEtCBCKBFgBBC2BBKNBDJBDmDBZbBLFBDFBDFBKGBCGBC7BBF9DBDJBHj9KBNWBFwBBloItLBDpDBnBGBNEBGZBCEBCCCBCCBCCBoUBhBpBBHyBBCSBCDBFEBCmEBF9FBEFBDFBDFBDCBEGBCGBOBBDLBCZBCSBCBBCOBDNBjB6DBGCBFsBBE3CBCMBEwBwBBsBBjEcBEwBBQbBFjBBKdBGqBBGdBCkBBFNBrB9EBDJBHjBBFjBBFnBBJzBBMLBCOBCGBCBBCKBCOBCGBCBBEzBBN2JBKVBLHBZFBCpBBCIBmCFBDCCBqBBCBBEDDBVBCnCBJIBxBSBCBBGgBBEaBGaBnB3BBFTBDxBBCBBGHBCCBCcBDCBFJBIIBI-BBhBmBBFLBK1BBEcBDaBGZBIDBNGBxCoCB4ByBBOyBBItBBJJBHlBBEcBJBBxGeBCpBBCCBDBBRFBJIBiBtBBJpBBXZBnBbBVWBKtCBFjBBK9BBCEBOYBIJBH0BBCRBJmBBK-CBCTBMRBCuBB-BGBCCCBCBCOBCKBH6BBGJBHDBCHBDBBDVBCGBCBBCEBCJBDBBDCBDHHGGBDGBEEBMJBCDDClBBCJBCDDCDBCJBCBBJBBe7CBCEBfnCBJJBnF1BBDlBBjBkCBMJBHMBU5BBHJBHTBdaBDOBFWB6F7BBlDyCBNHBDDDBGBCBBCdBCBBDLBKJBnCHBDtBBDKBcnCBJyCBOoCBIJB3CHB5ChBBPJBHIBCsBBCNBLcBEfBDVBCNBqCGBCBBCrBBECCBCCBHBJJBHFBCBBCkBBCBBCFBIJBHrBBFJB3HYBIQBCoBBEcB2CQQBwBBO6cBnDuDBCEBMjGBtyCiDBOvhBBRVBL68DBGmSB61G5BBn2B4RBIeBCJBFwCBCJBHdBDFBLlCBLJBCGBCUBGSBxN5BBnG6CBGYBDYBtBqCBF4BBIQBhCEBMGBK1mHBqBfBiDyDB+vIDBCGBCBBCiJBQeeBBBDPPBCBJrMBloCqDBGMBEIBIJBDDBh7D8HBEzNBHWBQQBQtBBDWBKzDB9B1HBLmBBDpCBJvDBWlCB7DTBNTBN2CBKYBoE0CBCmCBCBBDDDBDDBCBCLBCCCBFBCgCBCDBDHBCGBCbBCDBCEBCEEBFBCzKBDjJBD9VBQEBCOBxiBeBHFB2GGBCQBDGBCBBCEBG9BBiBxDxDBrBBENBDJBFBBhKeBS5BBGxOxOBoBB3GqBBFhGhGBdBCVBJBBhHGBCDBCBBCOBCkGBDPBqBrCBFJBFBByYjCBtC8BBjGDBCaBCBBCDDCJBCDBCCCHFFCECBBBCBBCDDCICBCCDDBCGBCDBCDBCCCBIBCQBGCBCEBCQB1BBBvIrBBFjDBNOBDOBCOBCkBBLtFB5BcBOrBBFIBIBBPFB7E4eBEQBEMBE5GBHLBFQQBKBF3BBJJBHnBBJdBDLBFBBPIBoB3KBJNBDMBEKBE4BBCFFBOBDLBFJBIyEBCmDBmgB-2pBBhB9oEBDt0FBDwpHBQtTBjtC9QBjvBq6EBGppIBnkzVvHB", false));
    return this._Print;
  }
  static CATEGORIES = new LazyMap({
    C: () => new UnicodeRangeTable(decodeRanges("AfBgDgBBOrWrWBHHBCBICCVuMuMnBBBzBBBE4B4BBGBcDBHQBXhGhGxBBB8BBBmDNB8BBByBBBQddBCCMEBhBGBsCiFiFJBBDBBXIICCBFBBKBBDBBFHBCDBDGGBaaBEEHDBDBBXIIDGDBCCGDBDBBECBCGBFCCBFBSJBEKKEXXIDDGBBLIEBCCBNBFBBNGBIEEJBBDBBXIIDGGBKKBDDBEEBFBEDBDGGBTTBIBDHHBBBEFFBBBDCCDCBDCBECBNDBGCBEFFBCCBEBCNBWEBOEEYRRBKKEFFBFBDEEDBBFBBLGBXEEYLLGBBKEEFGBDEBEFFBLLELBOEE0BEEHDBRBBbEETCBZKKCBBICBCDBHCCJFBLBBELB7BDBekBBDCCGZZCYYBGGCIILBBFfBpClBlBBCBoBlBlBQOOBjBBnGCCBDBCBB6LFFBIICFFBqBqBFBBiBFFBIICFFBQQ6BFFBkCkCBhBhBBBBbFB3CBBHBB+UCB6CGBXIBZIBVLBOEEDLB-CBBLFBLFBPMMBEB6CGBsBEBnCJBgBNNBCBNDBCCBrBBBGKBtBDBbFBMCB-BBBiCeeBMMBEBLFBPBBvBBBNTBuCnFnFBGB9BCBQCB-BEBsBBBMHBsBEB3QBBHBBnBBBHBBJGCgBBB2BQQPBBHUUBEEKMMBDBbEByBPBDBBcOOBBBjBNBiBOBtEDB7UVBMUB14BBB-LEBuBCCBDBCBB5BGBDNBZIBI4BI-DhBBb6C6CBKB3GZBxC3C3CBoDoDBDBsB-C-C3CIBxBuzcuzcBBB4BIB9KTB5FHB+GTB9BCBLFB5BHBnCHBNFB1DKBfCBvCMMBCBiB4B4BBHBPBBLBBoDXBdJBHBBHBBHIBIII9BDB-DBBLFBl9KLBYDByBjoIBvLBBrDlBBILBGEBbGGCGDrUfBrBFB0BUUFDBGoEoEBCB-FCBHBBHBBHBBECBIIIBLBDBBNbbUDDQBBPhBB8DEBEDBuBCB5COOBBBCuBBvBhEBeCByBOBdDBlBIBfEBsBEBfmBmBBCBPpBB-EBBLFBlBDBlBDBpBHB1BKBNQQIDDMQQIDDBBB1BLB4JIBXJBJXBHrBrBKkCBHBBCtBtBDCBCBBYpCpCBGBKvBBUDDBDBiBCBcEBclBB5BDBVBBzBDDBDBJEEeBBEDBLGBKGBhCfBoBDBNIB3BCBeBBcEBbGBFLBIvCBqC2BB0BMB0BGBvBHBLFBnBCBeHBDvGBgBrBrBEBBDPBHHBKgBBvBHBrBVBblBBdTBYIBvCDBlBIB-BGGBLBaGBLFB2BTTBGBoBIBhDVVBJBTwBwBB8BBICCFQQMFB8BEBLFBFJJBDDBXXIDDGLLBDDBEEBCCBEBCEBIBBICBGKBLCCBCCnBLLCBBCFFLDDBGBDcB9CGGBcBpCHBLlFB3BBBnBhBBmCKBLFBOSB7BFBLFBVbBcBBQDBY4FB9BjDB0CLBJBBCBBJDDfDDBNNBHBLlCBJBBvBBBMaBpCHB0CMBqCGBL1CBJ3CBjBNBLFBKuBuBPJBeCBhBBBXPPBnCBIDDtBCBCDDKHBLFBHDDmBDDHGBLFBtBDBL1HBaGBSqBqBBBBe0CBCOBzBMB8clDBwDGGBJBlGryCBkDMBxhBPBXJB88DEBoS41GB7Bl2BB6RGBgBLLBCByCLLBEBfBBHJBnCJBLIIWEBUvNB7BlGB8CEBaBBarBBsCDB6BGBS-BBGKBIIB3mHoBBhBgDB0D8vIBFIIDkJkJBNBCcBEBBCNBFHBtMjoCBsDEBOCBKGBLBBF-6DB+HCB1NFBYOBSOBvBBBYIB1D7BB3HJBoBBBrCHBxDUBnC5DBVLBVLB4CIBamEB2CoCoCDBBCBBDBBFNNCIIiCFFBJJIddFGGCCBI1K1KBlJlJB-V-VBNBGQQBuiBBgBFBH0GBISSBIIDGGBDB-BgBBCvDBuBCBPBBLDBD-JBgBQB7BEBCvOBrB1GBsBDBC-FBgBXXBGBD-GBIFFDQQmGBBRoBBtCDBLDBDwYBlCrCB+BhGBFccDCCBCCLFFCCCBEBCDBCECEDDCBBCICDCCBFFIKFCLLSEBEGGSzBBDtIBtBDBlDLBQBBQQQmBJBvF3BBeMBtBDBKGBDNBH5EB6eCBSCBOCB7GFBNDBCOBNDB5BHBLFBpBHBfBBNDBDNBKmBB5KHBPBBOCBMCB6BCCBCBRBBNDBLGB0EoDoDBjgBBh3pBfB-oEBBv0FBBypHOBvThtCB-QhvBBs6EEBrpIlkzVBxHvw-FB", false)),
    Cc: () => new UnicodeRangeTable(decodeRanges("AfgDgB", true)),
    Cf: () => new UnicodeRangeTable(decodeRanges("tFzqBzqBBEBXhGhGyBhMhMBxCxCs5D9-B9-BBDBbEByBEBCJBw03B6H6HBBBimEQQj7IPBhjiBDBwmFHBn0rYffB+CB", false)),
    Cn: () => new UnicodeRangeTable(decodeRanges("4bBBHDBICCVuMuMnBBBzBBBE4B4BBGBcDBHKBvI9B9BBmDmDBMB8BBByBBBQddBCCMEBjBEBuHJJBDDBXXICCBBBFBBKBBDBBFHBCDBDGGBaaBEEHDBDBBXIIDGDBCCGDBDBBECBCGBFCCBFBSJBEKKEXXIDDGBBLIEBCCBNBFBBNGBIEEJBBDBBXIIDGGBKKBDDBEEBFBEDBDGGBTTBIBDHHBBBEFFBBBDCCDCBDCBECBNDBGCBEFFBCCBEBCNBWEBOEEYRRBKKEFFBFBDEEDBBFBBLGBXEEYLLGBBKEEFGBDEBEFFBLLELBOEE0BEEHDBRBBbEETCBZKKCBBICBCDBHCCJFBLBBELB7BDBekBBDCCGZZCYYBGGCIILBBFfBpClBlBBCBoBlBlBQOOBjBBnGCCBDBCBB6LFFBIICFFBqBqBFBBiBFFBIICFFBQQ6BFFBkCkCBhBhBBBBbFB3CBBHBB+UCB6CGBXIBZIBVLBOEEDLB-CBBLFBLFBbFB6CGBsBEBnCJBgBNNBCBNDBCCBrBBBGKBtBDBbFBMCB-BBBiCeeBMMBEBLFBPBBvBBBNTBuCnFnFBGB9BCBQCB-BEBsBBBMHBsBEB3QBBHBBnBBBHBBJGCgBBB2BQQPBBHUUBEEKmDmDNBBcOOBBBjBNBiBOBtEDB7UVBMUB14BBB-LEBuBCCBDBCBB5BGBDNBZIBI4BI-DhBBb6C6CBKB3GZBxC3C3CBoDoDBDBsB-C-C3CIBxBuzcuzcBBB4BIB9KTB5FHB+GTB9BCBLFB5BHBnCHBNFB1DKBfCBvCMMBCBiB4B4BBHBPBBLBBoDXBdJBHBBHBBHIBIII9BDB-DBBLFBl9KLBYDByBDBvzIBBrDlBBILBGEBbGGCGDrUfBrBFB0BUUFDBGoEoEBCC-FCBHBBHBBHBBECBIIIBIBGBBNbbUDDQBBPhBB8DEBEDBuBCB5COOBBBCuBBvBhEBeCByBOBdDBlBIBfEBsBEBfmBmBBCBPpBB-EBBLFBlBDBlBDBpBHB1BKBNQQIDDMQQIDDBBB1BLB4JIBXJBJXBHrBrBKkCBHBBCtBtBDCBCBBYpCpCBGBKvBBUDDBDBiBCBcEBclBB5BDBVBBzBDDBDBJEEeBBEDBLGBKGBhCfBoBDBNIB3BCBeBBcEBbGBFLBIvCBqC2BB0BMB0BGBvBHBLFBnBCBeHBDvGBgBrBrBEBBDPBHHBKgBBvBHBrBVBblBBdTBYIBvCDBlBIBlCJBCBBaGBLFB2BTTBGBoBIBhDVVBJBTwBwBB8BBICCFQQMFB8BEBLFBFJJBDDBXXIDDGLLBDDBEEBCCBEBCEBIBBICBGKBLCCBCCnBLLCBBCFFLDDBGBDcB9CGGBcBpCHBLlFB3BBBnBhBBmCKBLFBOSB7BFBLFBVbBcBBQDBY4FB9BjDB0CLBJBBCBBJDDfDDBNNBHBLlCBJBBvBBBMaBpCHB0CMBqCGBL1CBJ3CBjBNBLFBKuBuBPJBeCBhBBBXPPBnCBIDDtBCBCDDKHBLFBHDDmBDDHGBLFBtBDBL1HBaGBSqBqBBBBe0CBCOBzBMB8clDBwDGGBJBlGryCBkDMB3iBJB88DEBoS41GB7Bl2BB6RGBgBLLBCByCLLBEBfBBHJBnCJBLIIWEBUvNB7BlGB8CEBaBBarBBsCDB6BGBS-BBGKBIIB3mHoBBhBgDB0D8vIBFIIDkJkJBNBCcBEBBCNBFHBtMjoCBsDEBOCBKGBLBBJ76DB+HCB1NFBYOBSOBvBBBYIB1D7BB3HJBoBBBjGUBnC5DBVLBVLB4CIBamEB2CoCoCDBBCBBDBBFNNCIIiCFFBJJIddFGGCCBI1K1KBlJlJB-V-VBNBGQQBuiBBgBFBH0GBISSBIIDGGBDB-BgBBCvDBuBCBPBBLDBD-JBgBQB7BEBCvOBrB1GBsBDBC-FBgBXXBGBD-GBIFFDQQmGBBRoBBtCDBLDBDwYBlCrCB+BhGBFccDCCBCCLFFCCCBEBCDBCECEDDCBBCICDCCBFFIKFCLLSEBEGGSzBBDtIBtBDBlDLBQBBQQQmBJBvF3BBeMBtBDBKGBDNBH5EB6eCBSCBOCB7GFBNDBCOBNDB5BHBLFBpBHBfBBNDBDNBKmBB5KHBPBBOCBMCB6BCCBCBRBBNDBLGB0EoDoDBjgBBh3pBfB-oEBBv0FBBypHOBvThtCB-QhvBBs6EEBrpIm8yVBCdBhD-DBxHvw-BB---BBB---BBB", false)),
    Co: () => new UnicodeRangeTable(decodeRanges("gg4B-nGh4hc9--BD9--B", true)),
    Cs: () => new UnicodeRangeTable(decodeRanges("gg2B--B", true)),
    L: () => new UnicodeRangeTable(decodeRanges("hCZBHZBwBLLFGGBVBCeBCpOBFLBPEBICCiEEBCBBDDBCHHCCBCCCBSBCyCBCqEBJlFBClBBDHHBnBBoCaBFDBuBqBBkBBBCiDBCQQBIIBLLBBBDRRCdBe4CBMZZBfBKBBFGGBUBFKKEYYBXBIKBGXBCGBRpBB7B1BBETTIJBQPBFHBDBBDVBCGBCEEBCBERROBBCCBPBBLJJBEBFBBDVBCGBCBBCBBCBBgBDBCUUBBBRIBCCBCVBCGBCBBCEBETTQBBYMMBGBDBBDVBCGBCBBCEBEffBCCBBBQSSCFBECBCDBEBBCCCBEEBEEBBBELBX1B1BBGBCCBCWBCPBEbbBBBCBBDBBfFFBGBCCBCWBCJBCEBEffBBBCBBQBBSIBCCBCoBBDRRGCBJCBZFBGRBEXBCIBCDDBFB7BvBBCBBNGB7BBBCCCBDBCXBCCCBIBCBBKDDBDBCWWBCBhBgCgCBGBCjBBcEB0DqBBVRRBEBFDBEEEBIIBBBFMBNSSBkBBCGGDqBBCsKBCDBDGBCCCBCBDoBBCDBDgBBCDBDGBCCCBCBDOBC4BBCDBDiCBmBPBR1CBDFBErTBDQBCZBGqCBHHBIRBOSBPRBPMBCCBQzBBkBFFkC4CBIEBDhBBCGGBkCBLeByBdBDEBMrBBFZB3BWBK0BBzC+C+CBtBBSHB3BdBOBBLrBBbjBBqBCBLjBBDKBGqBBDCBqBDBCFBCBBEGGB+FBhC1IBDFBDlBBDFBDHBCGCBdBD0BBCGBCEEBBBCGBEDBDFBFMBGCBCGB1DOORMBmDFFDJBCEEBDBHGCBCBCKBDDBGEBF1B1BB8zC8zCBjHBHDBEBBNlBBCGGD3BBIRRBVBKGBCGBCGBCGBCGBCGBCGBCGBxC2O2OBrBrBBDBGBBF1CBHCBC5CBCDBGqBBC9CBSfBxBPBhQ-tGBhCs0VBkCtBBDsIBEPBLBBVuBBReBDlCByBIBDmDBDxCBVQBCCBCDBCWBezBBPxBB-BFBECCBMMBaBLWBacBIuBBdRRBDBCJBLEBCoBBYCBCHBVWBEEEBwBBCEEBDDBDBDCCZCBDKBICBNFBDFBDFBKGBCGBCqBBCNBHyDBej9KBNWBFwBBloItLBDpDBnBGBNEBGCCBIBCMBCEBCCCBCCBCCBqDBiBqLBT-BBD1BBpBLB1DEBCmEBlBZBHZBM4CBEFBDFBDFBDCBkBLBCZBCSBCBBCOBDNBjB6DBmMcBEwBBwBfBOTBCHBHlBBLdBDjBBFHBxB9EBTjBBFjBBFnBBJzBBNKBCOBCGBCBBCKBCOBCGBCBBEzBBN2JBKVBLHBZFBCpBBCIBmCFBDCCBqBBCBBEDDBVBLWBKeBiCSBCBBLVBLZBHZBnB3BBHBBhCQQBCBCCBCcBrBcBEcBkBHBCbBc1BBLVBLSBORBvDoCB4ByBBOyBBOjBBnBbBKWB7HpBBHBBRFB5BcBLJJBUBrBRBvBUBcWBN0BB6BBBDOOBrBBhBYBbjBBeDDJiBBENNBuBBPDBWCCkBRBCYBUBBgCGBCCCBCBCOBCJBIuBBnBHBDBBDVBCGBCBBCEBETTNEBfJBCDDClBBCaaCtBtBBzBBTDBVCBfvBBVBBC5F5FBtBBqBDBlBvBBV8B8BBpBBOoCoCBZBmBGB6FrBB1D-BBgBHBDDDBGBCBBCXBQCC-CHBDmBBRCCdLLBmBBIWWMtBBUTTBnCBoGgBBgBIBCkBBSyByBBcBxDGBCBBClBBWaaBEBCBBCfBPYYBqBBlISBQCCBLBChBB9DwCwCB4cBnHjGBtyCgDBQvhBBSFBa68DBGmSB61GdBj3B4RBIeBSuCBSdBTvBBRDBgBUBGSBxNsBB0G-BBhBYBDYBtBqCBGjCjCBLBhCBBCPPBNNB0mHBqBfBiDyDB+vIDBCGBCBBCiJBQeeBBBDPPBCBJrMBloCqDBGMBEIBIJBn7F0CBCmCBCBBDDDBDDBCBCLBCCCBFBCgCBCDBDHBCGBCbBCDBCEBCEEBFBCzKBDYBCYBCeBCYBCeBCYBCeBCYBCeBCYBCHB15BeBHFBmI9BBzEsBBLGBRiKiKBcBTrBBlPbBlHdBDwGwGBdBCCBCBBCGBDEBKBBhHGBCDBCBBCOBCkGB8BjCBI1lB1lBBCBCaBCBBCDDCJBCDBCCCHFFCECBBBCBBCDDCICBCCDDBCGBCDBCDBCCCBIBCQBGCBCEBCQBlqE-2pBBhB9oEBDt0FBDwpHBQtTBjtC9QBjvBq6EBGppIB", false)),
    LC: () => new UnicodeRangeTable(decodeRanges("hCZBHZB7BLLBVBCeBCiGBCDBFvGBDZBhGDBDBBECBCHHCCBCCCBSBCyCBCqEBJlFBClBBKoBB44ClBBCGGDqBBDCBhV1CBDFBjkCKBGqBBDCBhCrBBgCMBChBBmD1IBDFBDlBBDFBDHBCGCBdBD0BBCGBCEEBBBCGBEDBDFBFMBGCBCGBmIFFDJBCEEBDBHGCBCBCFBFDDBCBGEBF1B1BB8zC8zCB6DBDmDBHDBEBBNlBBCGGzoetBBTbBnEtCBCWBEDBCsCBZBBE2Z2ZBpBBGIBIvCBh6TGBNEBqgBZBHZBmlBvCBhDjBBFjBB1DKBCOBCGBCBBCKBCOBCGBCBBk2ByBBOyBB+CVBLVB74C-BBhrV-BBhBYBDYBtpZ0CBCmCBCBBDDDBDDBCBCLBCCCBFBCgCBCDBDHBCGBCbBCDBCEBCEEBFBCzKBDYBCYBCeBCYBCeBCYBCeBCYBCeBCYBCHB15BJBCTBHFB2uCjCB", false)),
    Ll: () => new UnicodeRangeTable(decodeRanges("hDZB7BqBqBBWBCHBC2BCBQCBuBCDECBBBDCCDEEBFFDEEBBBDDDCCCDCCBCCDEECDDBDDBBBHGDCOCBSCBDDCEEC4BCBFBDDDBCCFICBjCBDZBiGCCEEEBBBTccBhBBCBBECBCWCBDBCGDB0B0BBuBBCgBCK0BCDMCBgDCxBoBBo6CqBBDCB5XFBjkCIBC2D2DBqBBgCMBChBBnD0ECBHBCgDCBHBJFBLHBJHBJFBLHBJHBJNBDHBJHBJHBJEBCBBHEEBBBCBBJDBDBBJHBLCBCBBzIEEBEEcKFDBBJDBF2B2Bs1CvBBCEEBGCFCCBCCBEBGiDCBIICFFNlBBCGG0oesBCUaCoEMCBBBC+BCBGBCCCDICFCCDCCBBBCSCGGGCMCFCCDOCbEE2ZqBBGIBIvCBh6TGBNEBqhBZBumBnBBpEjBB8EKBCOBCGBCBBk4ByBB+DVB75CfBhsVfB8BYBnqZZBbGBCRBbZBbDBCCCBFBCKBbZBbZBbZBbZBbZBbZBbZBbZBbbBdYBCFBbYBCFBbYBCFBbYBCFBbYBCFBC15B15BBIBCTBHFB4vChBB", false)),
    Lm: () => new UnicodeRangeTable(decodeRanges("wVRBFLBPEBICCmEGG-OnHnHlFBBuIBBFgBgBKEEhFoFoF1mBgEgE2R72B72BsDkTkTxOFBvF+BBOjBjBBjBByVOORMBg-CBByHgGgG2OsBsBBDBGiDiDB+C+CBBB34bjnBjnBBEBvIzDzDdBB6DIBxCYYpDDBEBB2OXXqEtDtDWBBoDDBKngVngVuBBBh-BFBCpBBCIB0sBhBhB2K04D04DnrTDB9PCBpBBBnRMBhCBBCPPB9-P9-PBCBCGBCBByhM9BBqGGBud0Q0QsSAB", false)),
    Lo: () => new UnicodeRangeTable(decodeRanges("qFQQhIFFBCBxGBB7ZaBFDBuBfBCJBkBBBCiDBCZZBLLBBBDRRCdBe4CBMZZBfBWVBrBYBIKBGXBCGBRoBB8B1BBETTIJBROBFHBDBBDVBCGBCEEBCBERROBBCCBPBBLJJBEBFBBDVBCGBCBBCBBCBBgBDBCUUBBBRIBCCBCVBCGBCBBCEBETTQBBYMMBGBDBBDVBCGBCBBCEBEffBCCBBBQSSCFBECBCDBEBBCCCBEEBEEBBBELBX1B1BBGBCCBCWBCPBEbbBBBCBBDBBfFFBGBCCBCWBCJBCEBEffBBBCBBQBBSIBCCBCoBBDRRGCBJCBZFBGRBEXBCIBCDDBFB7BvBBCBBNFB8BBBCCCBDBCXBCCCBIBCBBKDDBDBYDBhBgCgCBGBCjBBcEB0DqBBVRRBEBFDBEEEBIIBBBFMBNyDyDBnKBCDBDGBCCCBCBDoBBCDBDgBBCDBDGBCCCBCBDOBC4BBCDBDiCBmBPByDrTBDQBCZBGqCBHHBIRBOSBPRBPMBCCBQzBBpBkCkCBhBBC0BBIEBDhBBCGGBkCBLeByBdBDEBMrBBFZB3BWBK0BBxFuBBSHB3BdBOBBLrBBbjBBqBCBLdByDDBCFBCBBE7hB7hBBCB4-C3BBZWBKGBCGBCGBCGBCGBCGBCGBCGBoR2B2BF1CBJCCB4CBFGGBpBBC9CBSfBxBPBhQ-tGBhC0wUBC2jBBkCnBBJrIBFPBLBBjCyByBBkCBqFoDoDEGBCCBCDBCWBezBBPxBB-BFBECCBMMBaBLWBacBIuBBuBEBDIBLEBCoBBYCBCHBVPBCFBEEEBwBBCEEBDDBDBDCCZBBEKBIPPBEBDFBDFBKGBCGByEiBBej9KBNWBFwBBloItLBDpDBkCCCBIBCMBCEBCCCBCCBCCBqDBiBqLBT-BBD1BBpBLB1DEBCmEBqDJBCsBBDeBEFBDFBDFBDCBkBLBCZBCSBCBBCOBDNBjB6DBmMcBEwBBwBfBOTBCHBHlBBLdBDjBBFHBhEtCBjDnBBJzBB9CzBBN2JBKVBLHB5EFBDCCBqBBCBBEDDBVBLWBKeBiCSBCBBLVBLZBHZBnB3BBHBBhCQQBCBCCBCcBrBcBEcBkBHBCbBc1BBLVBLSBORBvDoCB4FjBBnBDBCxJxJBoBBHBBRCBCBB5BcBLJJBUBrBRBvBUBcWBN0BB6BBBDOOBrBBhBYBbjBBeDDJiBBENNBuBBPDBWCCkBRBCYBUBBgCGBCCCBCBCOBCJBIuBBnBHBDBBDVBCGBCBBCEBETTNEBfJBCDDClBBCaaCtBtBBzBBTDBVCBfvBBVBBC5F5FBtBBqBDBlBvBBV8B8BBpBBOoCoCBZBmBGB6FrBB0GHBDDDBGBCBBCXBQCC-CHBDmBBRCCdLLBmBBIWWMtBBUTTBnCBoGgBBgBIBCkBBSyByBBcBxDGBCBBClBBWaaBEBCBBCfBPYYBnBBCBBlISBQCCBLBChBB9DwCwCB4cBnHjGBtyCgDBQvhBBSFBa68DBGmSB61GdBj3B4RBIeBSuCBSdBTvBB0BUBGSB0NnBB2MqCBGwFwFB0mHBqBfBiDyDBuwIiJBQeeBBBDPPBCBJrMBloCqDBGMBEIBIJBxzI2P2PBrBBiBiKiKBcBTrBBlPaBmHdBDwGwGBdBCCBCBBCGBDEBKiHiHBFBCDBCBBCOBCkGB8pBDBCaBCBBCDDCJBCDBCCCHFFCECBBBCBBCDDCICBCCDDBCGBCDBCDBCCCBIBCQBGCBCEBCQBlqE-2pBBhB9oEBDt0FBDwpHBQtTBjtC9QBjvBq6EBGppIB", false)),
    Lt: () => new UnicodeRangeTable(decodeRanges("lOGDnB2sH2sHBGBJHBJHBNQQwBAB", false)),
    Lu: () => new UnicodeRangeTable(decodeRanges("hCZBmDWBCGBiB2BCDOCDuBCBECEBBCCCBCCBBBDDBCBBCCBEBBCBBCECBCCDCCBCCBBBCCCBEEIJDCMCDQCDDDCCBC4BCIBBCBBDCCBCBCGCiJCCEJJHCCBBBCCCBCCBPBCIBkBDDBBBEWCGDDCBBDyBBxBgBCK2BCBMCD+CCDlBBq6ClBBCGGzW1CB0kCHHBpBBDCBhK0ECKgDCKHBJFBLHBJHBJFBMGCJHBpCDBNDBNDBNEBMDBnIFFECBDCBDEEBDBHGCBCBDDBLBBG+B+B9zCvBBxBCCBBBDGCBCBCDDJCBCgDCJCCFuqeuqeCqBCUaCoEMCE8BCLECBICFCCDCCEUCBDBCEBCOCBCBCCCBQCZs5Vs5VBYBmmBnBBpEjBB9EKBCOBCGBCBBr3ByBB+EVB75CfBhsVfBhCYBoqZZBbZBbZBbCCBGDBDDBCBCHBbZBbBBCDBDHBCGBcBBCDBCEBCEEBFBcZBbZBbZBbZBbZBbZBfYBiBYBiBYBiBYBiBYBiB2pE2pEBgBB", false)),
    M: () => new UnicodeRangeTable(decodeRanges("gYvDB0IGBoIsBBCCCBCCBCCpCKBxBUBRmDmDBFBDFBDBBCDBkBffBZB8CKB7BIBKZZBCBCIBCCBCEBsBCB8BIBrBXBCgBB3BCBCRBCGBLBBeCB5BCCBFBDBBDCBKLLBbbDCB5BCCBDBFBBDCBEffBEEMCB5BCCBGBCCBCCBVBBXFBCCB5BCCBFBDBBDCBICBLBBf8B8BBDBECBCDBKpBpBBDB4BCCBFBCCBCDBIBBMBBeCB5BCCBFBCCBCDBIBBMBBQNNBCB4BBBCGBCCBCDBKLLBeeBBBnCFFBEBCCCBGBTBB+BDDBFBNHBjDDDBHBMGBqCBBcECFBByBTBCBBGKBCjBBKlDlDBSBYDBFCBCCBDGBEDBOLBCLLBCBgWCBzdDBdCBeBBfBBhCfBKuBuBBBBC2D2DBjBjB3DLBFLB8GEB6BJBCcBDxBxBBsBBDLBVEBwBQBnBIBNCBfMB5BNBxBTB5ECBCUBFHHDCBnG-BBxWgBB--CCBuEhDhDBeBrRFBqDBB1udDBCJBhBBBxCBBxIEEFYYBDBF0C0CBzBzBBQBbRBOnBnBBGBaMBtBDBwBNBlBkCkCBMBNJJBuBuBBBBzBCCBBBDBBGBBCqBqBBDBGBBtHHBCBBx5TiXiXBOBRPBuejHjH2EEBn0BCBCBBGDBpBCBFmFmFB+R+RBCBiCEB+JBBuCFBnCKByBDB7DCB2BOBqBDDBLLBCBuBKBI+B+BBBBlBNBRBBtBNNBBBxBNBJDBCBB9CLBHDD+ELBWDB4BBBCGBDBBDCBKLLBDDBFBEEBkCIBCDDCDBCEBCPPBzCzCBQBYyCyCBSBsHGBDIBcBBzCQBrDMBmDOBhIOB2HFBCBBDDBCCCBuEuEBFBDGBEddBIBpBGBCDBJKKBJBvBPBnGHBoGHBCHBzCVBCNB7DFBECCBCCBFBCjCjCBDBCBBCEB8KDBKBBCxBxBBFBEEBYmnFmnFHOBpmLRBhuCEB8BGB5gBCCB1BBIDByCMMBslTslTBizEizEBsBBDWB-QEBEFBJHBDGBfDB1ECB89B2BBFxBBJPPXEBCOBxqBGBCQBDGBCBBCEBlDhFhFBFB4L+B+BBCB9PDB-HBB0HDDIBBG7O7OBFBuDGB29lYvHB", false)),
    Mc: () => new UnicodeRangeTable(decodeRanges("joC4B4BDCBJDBCBBzBBB7BCBHBBDBBLsBsB7BCBjC7B7BBBBJCCB2B2BB7B7BCHHBDDBLLnDBBCBBECBCCBLqBqBBBB+BDB+BBB7BCCBDBDBBCBBKBBdPPB7B7BBBBGCBCCBLrBrBBsCsCBBBHHBTBBrKBBgCsFsFBFFHDDBaaBLLBBBDGBWBBDFBDLLBBB5zBffiEIIBGBCBB7KDBDCBFBBCFBhHBB7BCCKCCBJJBEByExBxBGCCBDBCBB+BffFBBD9B9BDCBCEEBxBxBBGBJBBsFWW35EBB0-dBBD5C5CBzBzBBOBvEBBwBxBxBBFFBDDBBBvDBBDBBZuBuBCuDuDDBBGuHuHBCCBCCBCC0gZCCgEuBuBBBBFBB0DZZB8B8BxBCBKBBO+C+CBBBEBBCrFrFBBBgBBB7BBBCDBDBBDCBKLLB1C1CBBBIDDCDBCBBCmDmDBBBJBBErDrDBBBHCCBCBDuHuHBBBHDBDyDyDBBBJBBCuDuDCBBHoDoDCBBFmImIBBBK4H4HBEBCBBFDDCvEvEBBBJDBF1C1CeBB-BqGqGECCoGPPrDIID2G2GBDBFBBC-K-KBNNxBBBJBBCpvQpvQBBBlxD2BBpDBB0rYBBHFB", false)),
    Me: () => new UnicodeRangeTable(decodeRanges("okBBB1xF-wB-wBBCBCCBsshBCB", false)),
    Mn: () => new UnicodeRangeTable(decodeRanges("gYvDB0IEBqIsBBCCCBCCBCCpCKBxBUBRmDmDBFBDFBDBBCDBkBffBZB8CKB7BIBKZZBCBCIBCCBCEBsBCB8BIBrBXBCfB4BCCFHBFEEBFBLBBe7B7BFDBJVVBbbDBB6BFFBFFBDDBBBEffBEEMBB6BFFBDBCBBFVVBXXBEBC7B7BDCCBCBJIIBMMBff+BNNzBEE4BCCBBBGCBCDBIBBMBBe7B7BDHHGBBVBBdBB6BBBFDBJVVBeepCIIBBBC7C7CDGBNHBjDDDBHBMGBqCBBcEC4BNBCEBCBBGKBCjBBKnDnDBCBCFBCBBDBBaBBFCBRDBODDBHHQgWgWBBBzdCBeBBfBBfBBhCBBCGBJDDBJBKuBuBBBBC2D2DBjBjB3DCBFBBKHHBBB8GBBD7B7BCGBCCCDHBHJBDxBxBBMBCeBDLBVDBxBCCBDBCGGpBIBNBBhBDBDBBCCB5BCCBEECCB7BHBDBB5ECBCMBCGBFHHEBBnG-BBxWMBFEEBKB--CCBuEhDhDBeBrRDBsDBB1udFFBIBhBBBxCBBxIEEFaaBGG4EBBbRBOnBnBBGBaKBvBCBxBDDBCBDBBoBkCkCBEBDBBDBBNJJwB0B0BCCBDBBGBBCrBrBBJJvHDDFx5Tx5TiXPBRPBuejHjH2EEBn0BCBCBBGDBpBCBFmFmFB+R+RBCBiCEB+JBBuCFBnCKByBDB8D3B3BBNBqBDDBLLBBByBDBDBBI+B+BBBBlBEBCHB-BNNB1B1BBHBLDBDgDgDBBBDCCBHHD+E+EEHBWBB6BBBEmBmBBFBEEBnCFBOECPBB2CHBDCBCYY1CFBCFFBCCBvHvHBCBHBBCBBcBB2CHBDCCBrDrDCDDBEBCmDmDCDDBCBCEBkIIBCBBhIBBCFFxEDBDBBFhBhBBIBpBFBDDBJKKBEBDCBvBMBCBBnGCCBBBCqGqGBFBCFBCzCzCBUBDGBCBBCBB7DFBECCBCCBFBCpCpCBEEC8K8KBMMB1B1BBDBGCCYmnFmnFHOBpmLLBECBhuCEB8BGB5gBgCgCBCByC5lT5lTBizEizEBsBBDWBhRCBSHBDGBfDB1ECB89B2BBFxBBJPPXEBCOBxqBGBCQBDGBCBBCEBlDhFhFBFB4L+B+BBCB9PDB-HBB0HDDIBBG7O7OBFBuDGB29lYvHB", false)),
    N: () => new UnicodeRangeTable(decodeRanges("wBJB5DBBGDDBBBitBJBnEJBnGJB9MJB3DJBFFBtDJB3DJB3DJBDFBvDMB0DJBJGBoDJBpDGBISBuDJBhDJB3DJBnCTBtIJBnCJBwWTBybCBwHJBHJBXJBtJJBhEKBmFJBHJB3FJB3CJBnEJBHJB3gBEEBEBHJBnGyBBDEB3W7BBvCVB3TdBqrBqYqYaIBPCB4KDBrEJBfHBCOBhBJBoBOBh7cJB9FJBhKFB7EJBnBJBnGJBXJB3CJB3MJB34UJBuPsBBN4BBSBB2KaBlBDBeJJnEEBrGJBvdHBaGBoBIBsCEBXFBhFBBDPBDtBBhCIB1BBBfCBsCEBpDHBZHBqBGBrKFBxBJBHJB3IeB-EJBrBDBxDGBnEdBhEJB9BJBxEJBITB8HJB3KJB3DJB3LJBnDJBHTBtCLBlNSB+CJB3UJB3CcBkHJBnCJB3BJBnLJBnDUBshBuDBimPJBnpCJB3CJBnEJBCGBvQJBnIWB+KCB6nXJBnuBTBNTBtDYB2iBxBBhqCJBnNJB3PJB4HJBtWIBhEJB4Y6BBCCBCDBtCsBBCOBjeMBk3CJB", false)),
    Nd: () => new UnicodeRangeTable(decodeRanges("wBJnxBJnEJnGJ9MJ3DJ3DJ3DJ3DJ3DJ3DJ3DJ3DJ3DJhDJ3DJnCJ3IJnCJn6BJnBJtJJhEJnFJHJ3FJ3CJnEJHJnuiBJnVJnBJnGJXJ3CJ3MJ34UJnsBJnkCJHJ9YJhEJ9BJxEJ3IJ3KJ3DJ3LJnDJHTtCJnNJnDJ3UJ3CJ3HJnCJ3BJnLJ3uQJnpCJ3CJnEJ3QJ37XJ12CxBhqCJnNJ3PJ4HJ2aJ30EJ", true)),
    Nl: () => new UnicodeRangeTable(decodeRanges("u3FCBwzCiBBDDB-zDaaBHBPCBs1dJBxyW0BBtOJJnEEBrhIuDBm8SCB", false)),
    No: () => new UnicodeRangeTable(decodeRanges("yFBBGDDBBB2pCFB5LFB5DCBmEGB6GGBSIByNJB2hBTB0jBJBhP20B20BEFBHJBnGPBqB3W3WB6BBvCVB3TdBqrB1kB1kBBCBrEJBfHBCOBhBJBoBOBxrdFBymWsBBiCDBSBB2KaBlBDB1pBHBaGBoBIBsCEBXFBhFBBDPBDtBBhCIB1BBBfCBsCEBpDHBZHBqBGBrKFBhLeB-EJBrBDBxDGBnETB8LTBmqBBBvNIBobSB0aUBn8SGB-YWBqhZTBNTBtDYBvqFIBid6BBCCBCDBtCsBBCOBjeMB", false)),
    P: () => new UnicodeRangeTable(decodeRanges("hBCBCFBCDBLBBEBBbCBCccCkBkBGEELBBEEE-VJJzOFBqBBB0BCCDDDtBBBVBBCBBOCCBBBrCDBnDsBsBBMBqHCB3BOBgBmImIBLLtE5D5D6DnMnMNwLwL7CLLBpFpFBNBCmBmBBCBoCrCrCBDBFBBwDFBsFlTlTBHB4EuTuTtBBBvCCBoCBB+ECBCCBmBKB6JBB5GBBhEGBCFBhFBBLGBdCB9DDB8BEB-BBBhCHBM9Z9ZBWBJTBCMBCLBfBBPBB6TDBeBB+hBNBwCBBgBJB0MVBgCDBhBBB8XDBCBBxDwEwEBtBBCfBDLBkNCBFJBDLBRNNjD7C7CjgdBBuICBkDLL0DFB9LDB3CBBpBCBCyByBBwBwBiDMBRBB9DDB-DBBRBB6HzqUzqUBxGxGBIBXiBBCNBCFFCBB2ECBCFBCDBLBBEBBbCBCccCCCBFB7MCB9UxBxB-MoXoXoGgBgBxIIBnBxDxDBFBjCGB6CDByO-J-JjBlElEBDBtBDB+FGBuDBBCDB-DDBxBBBwCDBFOOCCB5CFBsDrJrJBCCBzDzDBDBLBBCpDpD7HWBqDCBdMBtCjEjEBBB9HpIpIBBB8E9C9CBGB0CCBCEB+CJB4GgDgDBDBrBBBmUBBrCMBwFxjBxjBBDB97CBB8zOBBmEiCiCBDBJpRpRBBBoJDBoK9lT9lTovHEB07C-a-aBAB", false)),
    Pc: () => new UnicodeRangeTable(decodeRanges("-Cg-Hg-HBUU-u3BBBZCBwHAB", false)),
    Pd: () => new UnicodeRangeTable(decodeRanges("tB9qB9qB0BiyDiyDmgBqgCqgCBEBiwDDDgBBBFdd-NUUwDxszBxszBBmBmBLqFqFhzD-J-J", false)),
    Pe: () => new UnicodeRangeTable(decodeRanges("pB0B0BgB+1D+1DC-6B-6BqtC4B4BQ7T7TCff-hBMCxChBhBCGC1MUChCCCiBmhBmhBCECtBGCtNICEGCDBB-ozB6G6GeOCESSCCCrF0B0BgBGD", false)),
    Pf: () => new UnicodeRangeTable(decodeRanges("7F+6H+6HEddpuDCCFDDQEE", false)),
    Pi: () => new UnicodeRangeTable(decodeRanges("rFt7Ht7HDBBDaapuDCCFDDQEE", false)),
    Po: () => new UnicodeRangeTable(decodeRanges("hBCBCCBDECBLLBEEBcclCGGPBBI-V-VJzOzOBEBqB3B3BDDDtBBBVBBCBBOCCBBBrCDBnDsBsBBMBqHCB3BOBgBmImIBLLtE5D5D6DnMnMNwLwL7CLLBpFpFBNBCxDxDrCEBFBBwDFBsFlTlTBHBmY9D9DBBBoCBB+ECBCCBmBFBCDB6JBB5GBBhEGBCFBhFBBLGBdCB9DDB8BEB-BBBhCHBMjajaBJJBGBJIBDDBDCBEKBCCCBIB7kDDBCBBxDwEwEBFFBBBDDDBHBCBBCDDBLLBDBCJBDDBCCCBLBDCBtNCB6B+F+FjgdBBuICBkDLL0DFB9LDB3CBBpBCBCyByBBwBwBiDMBRBB9DDB-DBBRBB6HlxUlxUBFBDXXVBBDDBECBCDBICBHCCB2E2EBBBCCBDECBLLBEEBcclBDDB7M7MBBB9UxBxB-MoXoXoGgBgBxIIBnBxDxDBFBjCGB6CDB0ZlElEBDBtBDB+FGBuDBBCDB-DDBxBBBwCDBFOOCCB5CFBsDrJrJBCCBzDzDBDBLBBCpDpD7HWBqDCBdMBtCjEjEBBB9HpIpIBBB8E9C9CBGB0CCBCEB+CJB4GgDgDBDBrBBBmUBBrCMBwFxjBxjBBDB97CBB8zOBBmEiCiCBDBJpRpRBBBoJDBoK9lT9lTovHEB07C-a-aBAB", false)),
    Ps: () => new UnicodeRangeTable(decodeRanges("oBzBzBgB-1D-1DC-6B-6B-rCEEnB4B4BQ7T7TCff-hBMCxChBhBCGC1MUChCCCiBmhBmhBCECaTTCECtNICEGCDipzBipzB4GeeCMCESSCCCrFzBzBgBEEDAB", false)),
    S: () => new UnicodeRangeTable(decodeRanges("kBHHRCBgBCCcCCkBEBCBBDCCBCBDEEfgBgBrODBNNBGGBCCCBPB2DPPBxDxDsErIrIBBB3DCBDDDBvGvGLUUB4H4HIBBpEqLqLBHHB2H2H-DjEjEBGBlEwGwGqBmGmGiGCBQCCBBBDFBVECmEHBCFBCBBGDBmGBBxXJB0WuLuLlL+E+EBgBBiLJBKIBhiBCCBBBMCBOCBOCBOBBmCOOoBCBOCBUhBB-BBBCDBCBBLCCBBBGFBCECFMMBFFBDBGDBC7B7BBFFB2LBFcBD+HBXKByCtCBXnTBtBwBBDeBLyMBX+BBFfBD1LBDpEBmHFBmLBBvBZBC4CBN1GBbPBFOOBNNWBBHBB8CBB0HBBFJBhBlBBKRRBdBMdBJQQBeBLmBBQ-JBhuG-BBx0V2BB6RWBKBBoDBB+EDBLDB+RCBiHPPB+9T+9TpEgBBuLPBhCBB3BHBtBDBjDCCBBBD7E7EHRRBBBgBCCcCCiEGBCGBOBB6JIB6BQBDCBCMBEwBwBBrBB7zBBBwSmWmWBiKiKBGBnjC2kC2kCBbBr6SDBG3qU3qUk7DvHBLCBEzNBHWBQQBgDzDB9B1HBLmBBD7BBGCBXBBIdBF8BBWhCBE7F7FB1CBrbaagBaagBaagBaagBaa9B-PB4BDBzBHBCNBCBBp2BwNwNttCEE+DiOiOBvIvIBqBBFjDBNOBDOBCOBCkBBYgFB5BcBOrBBFIBIBBPFB7E4eBEQBEMBE5GBHLBFQQBKBF3BBJJBHnBBJdBDLBFBBPIBoB3KBJNBDMBEKBE4BBCFFBOBDLBFJBIyEBC7CBLAB", false)),
    Sc: () => new UnicodeRangeTable(decodeRanges("kB+D+DBCBqnB8D8DzPBBzPBBI2H2HoImSmS8sClmClmCBgBB37hBkuVkuVtD7E7E8GBBEBB3-HDB-4wBxtCxtC", false)),
    Sk: () => new UnicodeRangeTable(decodeRanges("+CCCoCHHFEEqQDBNNBGGBCCCBPB2DPPBjoBjoB15FCCBBBMCBOCBOCBOBB9kEBBkzdWBKBBoDBBxePPBniUniUBPB8bCCjF4g9B4g9BBDB", false)),
    Sm: () => new UnicodeRangeTable(decodeRanges("rBRRBBB+BCCuBFFmBgBgB-XwQwQBBB8xGOOoBCBOCBsEoBoBBDBHlClCBDBGBBFGDIgBgBBDDCgBgBBqIBhBBB7CffBXBpBFB2OKK3BHBwDxKxKBDBDeBLPBhIiEBX+BBFfBDhIBxBUBDFB9+zB5Z5ZCCBlFRRBBB+BCCkEHHBCBitDBBhrwBx+Bx+BagBgBagBgBagBgBagBgBat5Ft5FB-uC-uCBHB", false)),
    So: () => new UnicodeRangeTable(decodeRanges("mFDDFCCyerIrIBgEgEBvGvGLUUB4H4HkQ2L2LjEFBClElEwGqBqBoMCBQCCBBBDFBVECmEHBCFBCBBGDBmGBBxXJB0WzWzW+EhBBiLJBKIBksBBBCDBCBBLCCBHHBEBCECFMMBPPCBBC7B7BBKKBDBDDBCBBCBBCGBCeBDBBCCCBdBtIHBFTBDGBDwCBCdBanBBHnCBXKByCtCBX2FBCIBC1BBJuDBC3HBtBrBBhC-HBhQvBBWBBHmBBDpEBmHFBmLBBvBZBC4CBN1GBbPBFOOBNNWBBHBBxKBBFJBhBlBBKRRBdBMdBJQQBeBLmBBQ-JBhuG-BBx0V2BBibDBLBBC+R+RBBBqqUPBuLPBhCBB3BHBuBCBlPEEFBBOBB6JIB6BQBDCBCMBEwBwBBrBB7zBBBwSpgBpgBBGBnjC2kC2kCBGBFQBr6SDBG3qU3qUk7DvHBLCBEzNBHWBQPBhDzDB9B1HBLmBBD7BBGCBXBBIdBF8BBWhCBE7F7FB1CBqlB-PB4BDBzBHBCNBCBBp2B96C96CiEyWyWBqBBFjDBNOBDOBCOBCkBBYgFB5BcBOrBBFIBIBBPFB7E6HBG4WBEQBEMBE5GBHLBFQQBKBF3BBJJBHnBBJdBDLBFBB-B3KBJNBDMBEKBE4BBCFFBOBDLBFJBIyEBC7CBLAB", false)),
    Z: () => new UnicodeRangeTable(decodeRanges("gBgEgEgvFgsCgsCBJBeBBGwBwBh9DAB", false)),
    Zl: () => new UnicodeRangeTable(decodeRanges("ohIA", true)),
    Zp: () => new UnicodeRangeTable(decodeRanges("phIA", true)),
    Zs: () => new UnicodeRangeTable(decodeRanges("gBgEgEgvFgsCgsCBJBlBwBwBh9DAB", false)),
    ASCII_Hex_Digit: () => new UnicodeRangeTable(decodeRanges("wBJIFbF", true)),
    Alphabetic: () => new UnicodeRangeTable(decodeRanges("hCZBHZBwBLLFGGBVBCeBCpOBFLBPEBICC3CeeBQBCBBDDBCHHCCBCCCBSBCyCBCqEBJlFBClBBDHHBnBBoBNBCCCBCCBCCJaBFDBeKBG3BBCGBPlDBCHBFHBFCBLCBDRRBuBBOkDBZgBBKBBFGGBWBDSBUYBIKBGXBCGBIJJBoBBLLBEGBHrCBCPBCCBFOBOSBCHBDBBDVBCGBCEEBCBEHBDBBDBBCJJFBBCEBNBBLFFBBBCFBFBBDVBCGBCBBCBBCBBFEBFBBDBBFIIBCBCSSBEBMCBCIBCCBCVBCGBCBBCEBEIBCCBCBBEQQBCBWDBFCBCHBDBBDVBCGBCBBCEBEHBDBBDBBKBBFBBCEBORRBCCBEBECBCDBEBBCCCBEEBEEBBBELBFEBECBCCBEHHpBMBCCBCWBCPBEHBCCBCCBJBBCCBCBBDDBdDBCHBCCBCWBCJBCEBEHBCCBCCBJBBGCBCDBOCBNMBCCBCoBBDHBCCBCCBCGGBCBIEBXFBCCBCRBEXBCIBCDDBFBJFBCCCBGBTBBO5BBGGBH0B0BBECBDBCXBCCCBRBCCBDEBCHHPDBhBgCgCBGBCjBBFSBFPBCjBBkC2BBCDDBDBR-BBLDBDlBBCGGDqBBCsKBCDBDGBCCCBCBDoBBCDBDgBBCDBDGBCCCBCBDOBC4BBCDBDiCBmBPBR1CBDFBErTBDQBCZBGqCBEKBITBMUBNTBNMBCCBCBBNzBBDSBPFFkC4CBIqBBGlCBLeBCLBFIBYdBDEBMrBBFZB3BbBF+BBDTBzBYYBMMBBByBzBBCOBCHB0BpBBDDBLrBBCKBP2BBXCBLjBBDKBGqBBDCBqBDBCFBCBBEGGB+FBUhBBM1IBDFBDlBBDFBDHBCGCBdBD0BBCGBCEEBBBCGBEDBDFBFMBGCBCGB1DOORMBmDFFDJBCEEBDBHGCBCBCKBDDBGEBFSSBnBBuZzBB34BkHBHDBEBBNlBBCGGD3BBIRRBVBKGBCGBCGBCGBCGBCGBCGBCGBCfBwB2O2OBBBaIBIEBDEBF1CBHCBC5CBCDBGqBBC9CBSfBxBPBhQ-tGBhCs0VBkCtBBDsIBEPBLBBVuBBGHBEwDBoBIBDmDBDxCBVUBCgBBZzBBNjCBCtBtBBEBECCBBBLgBBGiBBOcBEyBBCLBQRRBOBLEBC2BBKNBTWBEkCBCCCZCBDPBDDBMFBDFBDFBKGBCGBCqBBCNBH6DBWj9KBNWBFwBBloItLBDpDBnBGBNEBGLBCMBCEBCCCBCCBCCBqDBiBqLBT-BBD1BBpBLB1DEBCmEBlBZBHZBM4CBEFBDFBDFBDCBkBLBCZBCSBCBBCOBDNBjB6DBmC0BBsIcBEwBBwBfBOdBGqBBGdBDjBBFHBCEBrB9EBTjBBFjBBFnBBJzBBNKBCOBCGBCBBCKBCOBCGBCBBEzBBN2JBKVBLHBZFBCpBBCIBmCFBDCCBqBBCBBEDDBVBLWBKeBiCSBCBBLVBLZBHZBnB3BBHBBhCDBCBBGHBCCBCcBrBcBEcBkBHBCbBc1BBLVBLSBORBvDoCB4ByBBOyBBOnBBjBbBEGGBVB7HpBBCBBEBBRFBzBCBEcBLJJBUBrBRBvBUBcWBKlCBsBEBL4BBKOOBXBYyBBSDBJiBBEKKB+BBCDBKBBLCCkBRBChBBDHHBCB-BGBCCCBCBCOBCJBI4BBYDBCHBDBBDVBCGBCBBCEBEHBDBBDBBEHHGGBdJBCDDClBBCJBCDDCDBCBBECCtBhCBCCBCDBVCBfhCBDBBC5F5FB0BBDGBaFBjB+BBCEE8B1BBDoCoCBZBDNBWGB6F4BBoD-BBgBHBDDDBGBCBBCdBCBBDBBDDB+CHBDtBBDFBCCCBccBxBBDJBSnCBGTTBnCBoDHB5CgBBgBIBCsBBCGBCyByBBcBDVBCNBqCGBCBBCrBBECCBCCBBBCDDBZZBEBCBBCkBBCBBCDBCYYBqBBlIWBKQBCoBBECBwDwCwCB4cBnDuDBSjGBtyCgDBQvhBBSFBa68DBGmSB61GuBBy2B4RBIeBSuCBSdBTvBBRDBgBUBGSBxNsBB0G-BBhBYBDYBtBqCBF4BBIQBhCBBCNNBFBK1mHBqBfBiDyDB+vIDBCGBCBBCiJBQeeBBBDPPBCBJrMBloCqDBGMBEIBIJBFi7Fi7FBzCBCmCBCBBDDDBDDBCBCLBCCCBFBCgCBCDBDHBCGBCbBCDBCEBCEEBFBCzKBDYBCYBCeBCYBCeBCYBCeBCYBCeBCYBCHB15BeBHFB2GGBCQBDGBCBBCEBG9BBiBxDxDBrBBLGBRiKiKBcBTrBBlPbBlHdBDwGwGBdBCVBJBBhHGBCDBCBBCOBCkGB8BjCBEEE1lBDBCaBCBBCDDCJBCDBCCCHFFCECBBBCBBCDDCICBCCDDBCGBCDBCDBCCCBIBCQBGCBCEBCQB1TZBHZBHZB3zD-2pBBhB9oEBDt0FBDwpHBQtTBjtC9QBjvBq6EBGppIB", false)),
    Dash: () => new UnicodeRangeTable(decodeRanges("tB9qB9qB0BiyDiyDmgBqgCqgCBEB+BoBoBQnMnMlgDDDgBBBFdd-NUUwDxszBxszBBmBmBLqFqFhzD-J-J", false)),
    Emoji: () => new UnicodeRangeTable(decodeRanges("jBHHGJBwDFFu8HNN5GXX7CFBQBBwLBBNnFnFaKBFCBoGoHoHBLLK7B7BBCBCEBKGDBDDFDDCBBDIEBJJBBBGCCGLBMBBDCCBCCTDDBTTBEBCCCBEEBGGDBBFBBMBBGBBDGGBECBVVBGGBEBCDBDFFDDDBEBCDDCCCHEEHLLBQQDFFCFFBBBCMMBxBxBBBBKeP1LBBwOCBUBB0BFF7mBNN6SCCrrvDrGrGhFBBNBBPDDBIBsCZBCBBYVVDIBWBBvFhBBDvDBDBBCCBDyCBDCBCmIBC+BBMFBCXBIBBDHBNDDBCBDFFBOOBDDJBBKGGBBBNCBJCBDCCFHHEHHB0CBxBlCBGHBDDBEJBECCBEEDJBkHLBF8I8IBtBBCJBC4FBxDMBEKBE4BBCFFBOBDLBFJB", false)),
    Emoji_Component: () => new UnicodeRangeTable(decodeRanges("jBHHGJB0+H2G2Gsp3B3+8B3+8BBYB8PEBxtBDBtzhY-CB", false)),
    Emoji_Modifier: () => new UnicodeRangeTable(decodeRanges("7-8DE", true)),
    Emoji_Modifier_Base: () => new UnicodeRangeTable(decodeRanges("9wJ8G8GRDB4jzD9B9BBBBDDDBBB2DBBDKBWSBEFFBBBCCBICCZqGqGBFFWFFBvFvFBBBEEB0CRRBBBKMMgSDDJHBHKKBIBDCB5B+B+BBCCBCCSCBCMBmHCBrBIB", false)),
    Emoji_Presentation: () => new UnicodeRangeTable(decodeRanges("64IBBuGDBEDDqQBBWBBzBLBsBUUOJJBSSBGGBJJGWWIBBCFFDIIFBBdkBkBCFFBBBC+B+BBBBZPP8aBB0BFFvlxDrGrG-FDDBIBsCZBCZZVDDBDBCCBWBBvFgBBNIBClCBCVBNqBBFEBNQBEEEBlCBCCCB5FBD+BBODBCXBTbbBOO3C0CBxBlCBHEEBBBDDBEDBMBBIIBkHLBF8I8IBtBBCJBC4FBxDMBEKBE4BBCFFBOBDLBFJB", false)),
    Extended_Pictographic: () => new UnicodeRangeTable(decodeRanges("pFFFu8HNN5GXX7CFBQBBwLBBNnFnFaKBFCBoGoHoHBLLK7B7BBCBCEBKGDBDDFDDCBBDIEBJJBBBGCCGLBMBBDCCBCCTDDBTTBEBCCCBEEBGGDBBFBBMBBGBBDGGBECBVVBGGBEBCDBDFFDDDBEBCDDCCCHEEHLLBQQDFFCFFBBBCMMBxBxBBBBKeP1LBBwOCBUBB0BFF7mBNN6SCCrrvDoBoBBCBlDLBQBBQPPBmBmBBIBxDBBNBBPDDBIBU3BBcOBLVVDIBCDBKWBH7FBDvDBDBBCCBDyCBDCBCDBG9HBC+BBMFBCXBIBBDHBNDDBCBDFFBOOBDDJBBKGGBBBNCBJCBDCCFHHEHHB0CBxBlCBGHBDQBECCBEBDMB7GlBBNDB5BHBLFBpBHBfBBNDBDNBKmBBNuBBCJBC4FB5CHBPxEBhI9fB", false)),
    Hex_Digit: () => new UnicodeRangeTable(decodeRanges("wBJIFbFq1-BJIFbF", true)),
    Lowercase: () => new UnicodeRangeTable(decodeRanges("hDZBwBLLFlBlBBWBCHBC2BCBQCBuBCDECBBBDCCDEEBFFDEEBBBDDDCCCDCCBCCDEECDDBDDBBBHGDCOCBSCBDDCEEC4BCBFBDDDBCCFICBjCBDiBBIBBfEBhDsBsBCEEDDBTccBhBBCBBECBCWCBDBCGDB0B0BBuBBCgBCK0BCDMCBgDCxBoBBo6CqBBCDB5XFBjkCIBC2D2DB+FBiC0ECBHBCgDCBHBJFBLHBJHBJFBLHBJHBJNBDHBJHBJHBJEBCBBHEEBBBCBBJDBDBBJHBLCBCBB6DOORMBuDEEBEEcKFDBBJDBFiBiBBOBFsasaBYBn6BvBBCEEBGCFCCBCCBGBEiDCBIICFFNlBBCGG0oesBCUaCBBBmEMCBBBC8BCBIBCCCDICFCCDCCBBBCSCGGGCMCFCCDOCWDBCCCBBB2ZqBBCNBHvCBh6TGBNEBqhBZBumBnBBpEjBB8EKBCOBCGBCBBkODDBBBCpBBCIBmoByBB+DVB75CfBhsVfB8BYBnqZZBbGBCRBbZBbDBCCCBFBCKBbZBbZBbZBbZBbZBbZBbZBbZBbbBdYBCFBbYBCFBbYBCFBbYBCFBbYBCFBC15B15BBIBCTBHFBmI9BB1lChBB", false)),
    Math: () => new UnicodeRangeTable(decodeRanges("rBRRBBBgBeeCuBuBFmBmBgB5W5WBBBDbbBDDBBBwQCBuwGccBBBMEEOPPBCBWEBMEBiCMBFEEBFFBDBTFFDJBCDDBEBHEEBDDBCCBBBCFBENBClClCBWBCFBCBBFBBFfBCHHBPPBqIBJDBVBB7CffBZBCZZMGB+NBBNJBFFBFBBDBBEEBPCCDFBMHBGBB6BCCeDBKCBxK-BBhI-PBxBUBDFB9+zB4Z4ZBEBCjFjFRCBeCCeCCkEHHBCBitDBBhrwBwoBwoBBzCBCmCBCBBDDDBDDBCBCLBCCCBFBCgCBCDBDHBCGBCbBCDBCEBCEEBFBCzKBDjJBDxBBhwFDBCaBCBBCDDCJBCDBCCCHFFCECBBBCBBCDDCICBCCDDBCGBCDBCDBCCCBIBCQBGCBCEBCQB1BBB-uCIB", false)),
    Quotation_Mark: () => new UnicodeRangeTable(decodeRanges("iBFFkEQQ96HHBaBBowDqOqOBCBOCBixzBDB+FFF7CBB", false)),
    Terminal_Punctuation: () => new UnicodeRangeTable(decodeRanges("hBLLCMMBEE-ZJJiQ6B6BpCPPCCB1FsBsBBJBCsHsHB3B3BBEBCHBgBmImIB1nB1nBBtFtFFFB4JBB2YHBmY9D9DBBBoCBB+ECBEoBoBBCBDBB7JBBjLDBjFBBLBBCCBeCB8FEB-BBBldYYBKKBBBwlDCBzJOOFLLCBBEBBtNBB8ndBBuICBkHEB-LBB3CBBgD4E4EBBB0ECBgERRB6H6HnxUDDB6B6BBBBCDBqFLLCMMBEEiCDD7hBxBxBnkBoGoG3JBB5EFBlCFB6CDB5dEBtBDB+FGBxDDBgECBiEBBHRRB5C5CBDBtDrJrJB2D2DBBBNBBnLDBEOBqDBB6HCBmQCC8HBB4CBBFBB-MCBuBmUmUBrCrCBspBspBBDB6vRBBmEiCiCBBBLqRqRBoJoJBnwTnwTovHDB", false)),
    Uppercase: () => new UnicodeRangeTable(decodeRanges("hCZBmDWBCGBiB2BCDOCDuBCBECEBBCCCBCCBBBDDBCBBCCBEBBCBBCECBCCDCCBCCBBBCCCBEEIJDCMCDQCDDDCCBC4BCIBBCBBDCCBCBCGCiJCCEJJHCCBBBCCCBCCBPBCIBkBDDBBBEWCGDDCBBDyBBxBgBCK2BCBMCD+CCDlBBq6ClBBCGGzW1CB0kCHHBpBBDCBhK0ECKgDCKHBJFBLHBJHBJFBMGCJHBpCDBNDBNDBNEBMDBnIFFECBDCBDEEBDBHGCBCBDDBLBBGbbBOBUzZzZBYBx5BvBBxBCCBBBDGCBCBCDDJCBCgDCJCCFuqeuqeCqBCUaCoEMCE8BCLECBICFCCDCCEUCBDBCEBCOCBCBCCCBQCZs5Vs5VBYBmmBnBBpEjBB9EKBCOBCGBCBBr3ByBB+EVB75CfBhsVfBhCYBoqZZBbZBbZBbCCBGDBDDBCBCHBbZBbBBCDBDHBCGBcBBCDBCEBCEEBFBcZBbZBbZBbZBbZBbZBfYBiBYBiBYBiBYBiBYBiB2pE2pEBgBBvgCZBHZBHZB", false)),
    White_Space: () => new UnicodeRangeTable(decodeRanges("JEBTlDlDbgvFgvFgsCKBeBBGwBwBh9DAB", false))
  });
  static SCRIPTS = new LazyMap({
    Adlam: () => new UnicodeRangeTable(decodeRanges("go6DrCFJFB", true)),
    Ahom: () => new UnicodeRangeTable(decodeRanges("g4lCaDOFW", true)),
    Anatolian_Hieroglyphs: () => new UnicodeRangeTable(decodeRanges("ggxCmS", true)),
    Arabic: () => new UnicodeRangeTable(decodeRanges("gwBEBCFBCNBCCBCfBCJBMZBCrDBChBBxCvBBxHhBBGqCBCcBxy8BtPBDvEBhBPBxDEBCmEBk7DeBkCFBJIBiBFBh43BDBCaBCBBCDDCJBCDBCCCHFFCECBBBCBBCDDCICBCCDDBCGBCDBCDBCCCBIBCQBGCBCEBCQB1BBB", false)),
    Armenian: () => new UnicodeRangeTable(decodeRanges("xpBlBDxBDCks9BE", true)),
    Avestan: () => new UnicodeRangeTable(decodeRanges("g4iC1BEG", true)),
    Balinese: () => new UnicodeRangeTable(decodeRanges("g4GsCCxB", true)),
    Bamum: () => new UnicodeRangeTable(decodeRanges("g1pB3CpowB4R", true)),
    Bassa_Vah: () => new UnicodeRangeTable(decodeRanges("w26CdDF", true)),
    Batak: () => new UnicodeRangeTable(decodeRanges("g+GzBJD", true)),
    Bengali: () => new UnicodeRangeTable(decodeRanges("gsCDBCHBDBBDVBCGBCEEBCBDIBDBBDDBJFFBCCBDBDYB", false)),
    Beria_Erfe: () => new UnicodeRangeTable(decodeRanges("g17CYDY", true)),
    Bhaiksuki: () => new UnicodeRangeTable(decodeRanges("ggnCICsBCNLc", true)),
    Bopomofo: () => new UnicodeRangeTable(decodeRanges("qXB6wLqBxDf", true)),
    Brahmi: () => new UnicodeRangeTable(decodeRanges("ggkCtCFjBKA", true)),
    Braille: () => new UnicodeRangeTable(decodeRanges("ggK-H", true)),
    Buginese: () => new UnicodeRangeTable(decodeRanges("gwGbDB", true)),
    Buhid: () => new UnicodeRangeTable(decodeRanges("g6FT", true)),
    Canadian_Aboriginal: () => new UnicodeRangeTable(decodeRanges("ggF-TxRlC7tgCP", true)),
    Carian: () => new UnicodeRangeTable(decodeRanges("g1gCwB", true)),
    Caucasian_Albanian: () => new UnicodeRangeTable(decodeRanges("wphCzBMA", true)),
    Chakma: () => new UnicodeRangeTable(decodeRanges("gokC0BCR", true)),
    Cham: () => new UnicodeRangeTable(decodeRanges("gwqB2BKNDJDD", true)),
    Cherokee: () => new UnicodeRangeTable(decodeRanges("g9E1CDFz7lBvC", true)),
    Chorasmian: () => new UnicodeRangeTable(decodeRanges("w9jCb", true)),
    Common: () => new UnicodeRangeTable(decodeRanges("AgCBbFBbuBBCOBCEBYgBgBiOmBBGEBDTB1DKKHCC+THHPEEhB9E9ElQiEiEB6mB6mB2MDBjJwvBwvBBBBoCBBsGBBCumBumBOIIBCBCFBCCBDmYmYBKBD2CBCKBEKBCOBShBB-BlBBCCBDFBCaBCQBqBCBF5UBXKBW-cBhIzTBDpEBhQ9CBzMUBCCCBXBQHBFDB8CBBE7C7CB0E0EBOBhBlBBKxBxBB+BBgBwCBwB5C5CBmFBhuG-BBhoWhBBnDCBmFJB1HhFhFsMPPBzuUzuUBxGxGBIBXiBBCSBCDB0ECCBeBbFBbKBLuBuBBhChCBFBCGBLEBjICBFsBBEIBxCMB0BsBBlHaBltuBDB96D8HBEzNBHWBQQBgDzDB9B1HBLmBBD9BBEQBJBBIdBF8BB2GTBNTBN2CBKYBoE0CBCmCBCBBDDDBDDBCBCLBCCCBFBCgCBCDBDHBCGBCbBCDBCEBCEEBFBCzKBDjJBDxBByjFjCBtC8BBjWrBBFjDBNOBDOBCOBCkBBLtFB5BZBCBBOrBBFIBIBBPFB7E4eBEQBEMBE5GBHLBFQQBKBF3BBJJBHnBBJdBDLBFBBPIBoB3KBJNBDMBEKBE4BBCFFBOBDLBFJBIyEBCmDBnghYffB+CB", false)),
    Coptic: () => new UnicodeRangeTable(decodeRanges("ifNxkKzDGG", true)),
    Cuneiform: () => new UnicodeRangeTable(decodeRanges("ggoC5cnDuDCEMjG", true)),
    Cypriot: () => new UnicodeRangeTable(decodeRanges("ggiCFBDCCBqBBCBBEDD", false)),
    Cypro_Minoan: () => new UnicodeRangeTable(decodeRanges("w8rCiD", true)),
    Cyrillic: () => new UnicodeRangeTable(decodeRanges("ggBkEBDoFBx6FKBhFtCtCojEfBhie-CBv8VBBhw4B9BBiBAB", false)),
    Deseret: () => new UnicodeRangeTable(decodeRanges("gghCvC", true)),
    Devanagari: () => new UnicodeRangeTable(decodeRanges("goCwCFODZh7nBfhwcJ", true)),
    Dives_Akuru: () => new UnicodeRangeTable(decodeRanges("gomCGBDDDBGBCBBCdBCBBDLBKJB", false)),
    Dogra: () => new UnicodeRangeTable(decodeRanges("ggmC7B", true)),
    Duployan: () => new UnicodeRangeTable(decodeRanges("ggvDqDGMEIIJDD", true)),
    Egyptian_Hieroglyphs: () => new UnicodeRangeTable(decodeRanges("ggsC1iBL68D", true)),
    Elbasan: () => new UnicodeRangeTable(decodeRanges("gohCnB", true)),
    Elymaic: () => new UnicodeRangeTable(decodeRanges("g-jCW", true)),
    Ethiopic: () => new UnicodeRangeTable(decodeRanges("gwEoCBCDBDGBCCCBCBDoBBCDBDgBBCDBDGBCCCBCBDOBC4BBCDBDiCBDfBEZBnvGWBKGBCGBCGBCGBCGBCGBCGBCGBjpfFBDFBDFBKGBCGBylvCGBCDBCBBCOB", false)),
    Garay: () => new UnicodeRangeTable(decodeRanges("gqjClBEcJB", true)),
    Georgian: () => new UnicodeRangeTable(decodeRanges("glElBBCGGDqBBCDBx8CqBBDCBhiElBBCGG", false)),
    Glagolitic: () => new UnicodeRangeTable(decodeRanges("ggL-Ch9sDGCQDGCBCE", true)),
    Gothic: () => new UnicodeRangeTable(decodeRanges("w5gCa", true)),
    Grantha: () => new UnicodeRangeTable(decodeRanges("g4kCDBCHBDBBDVBCGBCBBCEBDIBDBBDCBDHHGGBDGBEEB", false)),
    Greek: () => new UnicodeRangeTable(decodeRanges("wbDBCCBDDBCFFCCCBBBCCCBSBC+BBPPBnpGEBzBEBFEB1ChKhKBUBDFBDlBBDFBDHBCGCBdBD0BBCOBCNBDFBCSBDCBCIBoJ-xiB-xiB7uVuCBSgj0Bgj0BBkCB", false)),
    Gujarati: () => new UnicodeRangeTable(decodeRanges("h0CCBCIBCCBCVBCGBCBBCEBDJBCCBCCBDQQBCBDLBIGB", false)),
    Gunjala_Gondi: () => new UnicodeRangeTable(decodeRanges("grnCFCBCkBCBCFIJ", true)),
    Gurmukhi: () => new UnicodeRangeTable(decodeRanges("hwCCBCFBFBBDVBCGBCBBCBBCBBDCCBDBFBBDCBEIIBCBCIIBPB", false)),
    Gurung_Khema: () => new UnicodeRangeTable(decodeRanges("go4C5B", true)),
    Han: () => new UnicodeRangeTable(decodeRanges("g0LZBC4CBN1GBwBCCaIBPDBle-tGBhC-vUBhoWtLBDpDBpodBBNGBqgkB-2pBBhB9oEBDt0FBDwpHBQtTBjtC9QBjvBq6EBGppIB", false)),
    Hangul: () => new UnicodeRangeTable(decodeRanges("goE-HvxHBiI9CyDeiCei3dckUj9KNWFwBl9JeEFDFDFDC", true)),
    Hanifi_Rohingya: () => new UnicodeRangeTable(decodeRanges("gojCnBJJ", true)),
    Hanunoo: () => new UnicodeRangeTable(decodeRanges("g5FU", true)),
    Hatran: () => new UnicodeRangeTable(decodeRanges("gniCSCBGE", true)),
    Hebrew: () => new UnicodeRangeTable(decodeRanges("xsB2BBJaBFFBpp9BZBCEBCCCBCCBCCBIB", false)),
    Hiragana: () => new UnicodeRangeTable(decodeRanges("hiM1CBHCBi7-C+IBTeeBBBulQAB", false)),
    Imperial_Aramaic: () => new UnicodeRangeTable(decodeRanges("giiCVCI", true)),
    Inherited: () => new UnicodeRangeTable(decodeRanges("gYvDB2IBBlOKBbhXhXBCB8qEtBBDLBlPCBCMBCGBFHHEBBnG-BBtQBBjGgBB65DDBsDBBmrzBPBRNBwejHjH7iEl+uBl+uBBsBBDWBhRCBSHBDGBfDBz6rYvHB", false)),
    Inscriptional_Pahlavi: () => new UnicodeRangeTable(decodeRanges("g7iCSGH", true)),
    Inscriptional_Parthian: () => new UnicodeRangeTable(decodeRanges("g6iCVDH", true)),
    Javanese: () => new UnicodeRangeTable(decodeRanges("gsqBtCDJFB", true)),
    Kaithi: () => new UnicodeRangeTable(decodeRanges("gkkCiCLA", true)),
    Kannada: () => new UnicodeRangeTable(decodeRanges("gkDMCCCWCJCEDICCCDIBGCCDDJCC", true)),
    Katakana: () => new UnicodeRangeTable(decodeRanges("hlM5CBDCBxHPBxGuBBC3CBvgzBJBCsBBzisBDBCGBCBBCgJgJBBBzBPPBCB", false)),
    Kawi: () => new UnicodeRangeTable(decodeRanges("g4nCQCoBEc", true)),
    Kayah_Li: () => new UnicodeRangeTable(decodeRanges("goqBtBCA", true)),
    Kharoshthi: () => new UnicodeRangeTable(decodeRanges("gwiCDCBGHCCCcDCFJII", true)),
    Khitan_Small_Script: () => new UnicodeRangeTable(decodeRanges("k-7C84G84GB0OBqBAB", false)),
    Khmer: () => new UnicodeRangeTable(decodeRanges("g8F9CDJHJnPf", true)),
    Khojki: () => new UnicodeRangeTable(decodeRanges("gwkCRCuB", true)),
    Khudawadi: () => new UnicodeRangeTable(decodeRanges("w1kC6BGJ", true)),
    Kirat_Rai: () => new UnicodeRangeTable(decodeRanges("gq7C5B", true)),
    Lao: () => new UnicodeRangeTable(decodeRanges("h0DBBCCCBDBCXBCCCBVBDEBCCCBFBCJBDDB", false)),
    Latin: () => new UnicodeRangeTable(decodeRanges("hCZBHZBwBQQGWBCeBCgOBoBEB8wGlBBHwBBGDBGMBClCBiC-HByLOORMBuEBBHccSoBB42CfBj1elDBExCBVOBxZqBBCIBCDB38TGB7gBZBHZBmhCFBCpBBCIBm61BeBHFB", false)),
    Lepcha: () => new UnicodeRangeTable(decodeRanges("ggH3BEOEC", true)),
    Limbu: () => new UnicodeRangeTable(decodeRanges("goGeBCLBFLBFEEBKB", false)),
    Linear_A: () => new UnicodeRangeTable(decodeRanges("gwhC2JKVLH", true)),
    Linear_B: () => new UnicodeRangeTable(decodeRanges("gggCLCZCSCBCODNjB6D", true)),
    Lisu: () => new UnicodeRangeTable(decodeRanges("wmpBvBx1eA", true)),
    Lycian: () => new UnicodeRangeTable(decodeRanges("g0gCc", true)),
    Lydian: () => new UnicodeRangeTable(decodeRanges("gpiCZGA", true)),
    Mahajani: () => new UnicodeRangeTable(decodeRanges("wqkCmB", true)),
    Makasar: () => new UnicodeRangeTable(decodeRanges("g3nCY", true)),
    Malayalam: () => new UnicodeRangeTable(decodeRanges("goDMCCCyBCCCFFPDZ", true)),
    Mandaic: () => new UnicodeRangeTable(decodeRanges("giCbDA", true)),
    Manichaean: () => new UnicodeRangeTable(decodeRanges("g2iCmBFL", true)),
    Marchen: () => new UnicodeRangeTable(decodeRanges("wjnCfDVCN", true)),
    Masaram_Gondi: () => new UnicodeRangeTable(decodeRanges("gonCGBCBBCrBBECCBCCBHBJJB", false)),
    Medefaidrin: () => new UnicodeRangeTable(decodeRanges("gy7C6C", true)),
    Meetei_Mayek: () => new UnicodeRangeTable(decodeRanges("g3qBWqGtBDJ", true)),
    Mende_Kikakui: () => new UnicodeRangeTable(decodeRanges("gg6DkGDP", true)),
    Meroitic_Cursive: () => new UnicodeRangeTable(decodeRanges("gtiCXFTDtB", true)),
    Meroitic_Hieroglyphs: () => new UnicodeRangeTable(decodeRanges("gsiCf", true)),
    Miao: () => new UnicodeRangeTable(decodeRanges("g47CqCF4BIQ", true)),
    Modi: () => new UnicodeRangeTable(decodeRanges("gwlCkCMJ", true)),
    Mongolian: () => new UnicodeRangeTable(decodeRanges("ggGBBDCCBSBH4CBIqBB2t-BMB", false)),
    Mro: () => new UnicodeRangeTable(decodeRanges("gy6CeCJFB", true)),
    Multani: () => new UnicodeRangeTable(decodeRanges("g0kCGBCCCBCBCOBCKB", false)),
    Myanmar: () => new UnicodeRangeTable(decodeRanges("ggE-EhqmBeiDfxibT", true)),
    Nabataean: () => new UnicodeRangeTable(decodeRanges("gkiCeJI", true)),
    Nag_Mundari: () => new UnicodeRangeTable(decodeRanges("wm5DpB", true)),
    Nandinagari: () => new UnicodeRangeTable(decodeRanges("gtmCHDtBDK", true)),
    New_Tai_Lue: () => new UnicodeRangeTable(decodeRanges("gsGrBFZHKEB", true)),
    Newa: () => new UnicodeRangeTable(decodeRanges("gglC7CCE", true)),
    Nko: () => new UnicodeRangeTable(decodeRanges("g+B6BDC", true)),
    Nushu: () => new UnicodeRangeTable(decodeRanges("h-7CvsQvsQBqMB", false)),
    Nyiakeng_Puachue_Hmong: () => new UnicodeRangeTable(decodeRanges("go4DsBENDJFB", true)),
    Ogham: () => new UnicodeRangeTable(decodeRanges("g0Fc", true)),
    Ol_Chiki: () => new UnicodeRangeTable(decodeRanges("wiHvB", true)),
    Ol_Onal: () => new UnicodeRangeTable(decodeRanges("wu5DqBFA", true)),
    Old_Hungarian: () => new UnicodeRangeTable(decodeRanges("gkjCyBOyBIF", true)),
    Old_Italic: () => new UnicodeRangeTable(decodeRanges("g4gCjBKC", true)),
    Old_North_Arabian: () => new UnicodeRangeTable(decodeRanges("g0iCf", true)),
    Old_Permic: () => new UnicodeRangeTable(decodeRanges("w6gCqB", true)),
    Old_Persian: () => new UnicodeRangeTable(decodeRanges("g9gCjBFN", true)),
    Old_Sogdian: () => new UnicodeRangeTable(decodeRanges("g4jCnB", true)),
    Old_South_Arabian: () => new UnicodeRangeTable(decodeRanges("gziCf", true)),
    Old_Turkic: () => new UnicodeRangeTable(decodeRanges("ggjCoC", true)),
    Old_Uyghur: () => new UnicodeRangeTable(decodeRanges("w7jCZ", true)),
    Oriya: () => new UnicodeRangeTable(decodeRanges("h4CCCHDBDVCGCBCEDIDBDCICFBCEDR", true)),
    Osage: () => new UnicodeRangeTable(decodeRanges("wlhCjBFjB", true)),
    Osmanya: () => new UnicodeRangeTable(decodeRanges("gkhCdDJ", true)),
    Pahawh_Hmong: () => new UnicodeRangeTable(decodeRanges("g46ClCLJCGCUGS", true)),
    Palmyrene: () => new UnicodeRangeTable(decodeRanges("gjiCf", true)),
    Pau_Cin_Hau: () => new UnicodeRangeTable(decodeRanges("g2mC4B", true)),
    Phags_Pa: () => new UnicodeRangeTable(decodeRanges("giqB3B", true)),
    Phoenician: () => new UnicodeRangeTable(decodeRanges("goiCbEA", true)),
    Psalter_Pahlavi: () => new UnicodeRangeTable(decodeRanges("g8iCRIDNG", true)),
    Rejang: () => new UnicodeRangeTable(decodeRanges("wpqBjBMA", true)),
    Runic: () => new UnicodeRangeTable(decodeRanges("g1FqCEK", true)),
    Samaritan: () => new UnicodeRangeTable(decodeRanges("ggCtBDO", true)),
    Saurashtra: () => new UnicodeRangeTable(decodeRanges("gkqBlCJL", true)),
    Sharada: () => new UnicodeRangeTable(decodeRanges("gskC-ChsCH", true)),
    Shavian: () => new UnicodeRangeTable(decodeRanges("wihCvB", true)),
    Siddham: () => new UnicodeRangeTable(decodeRanges("gslC1BDlB", true)),
    Sidetic: () => new UnicodeRangeTable(decodeRanges("gqiCZ", true)),
    SignWriting: () => new UnicodeRangeTable(decodeRanges("gg2DrUQECO", true)),
    Sinhala: () => new UnicodeRangeTable(decodeRanges("hsDCBCRBEXBCIBCDDBFBEFFBEBCCCBGBHJBDCBt-gCTB", false)),
    Sogdian: () => new UnicodeRangeTable(decodeRanges("w5jCpB", true)),
    Sora_Sompeng: () => new UnicodeRangeTable(decodeRanges("wmkCYIJ", true)),
    Soyombo: () => new UnicodeRangeTable(decodeRanges("wymCyC", true)),
    Sundanese: () => new UnicodeRangeTable(decodeRanges("g8G-BhIH", true)),
    Sunuwar: () => new UnicodeRangeTable(decodeRanges("g+mChBPJ", true)),
    Syloti_Nagri: () => new UnicodeRangeTable(decodeRanges("ggqBsB", true)),
    Syriac: () => new UnicodeRangeTable(decodeRanges("g4BNC7BDCxIK", true)),
    Tagalog: () => new UnicodeRangeTable(decodeRanges("g4FVKA", true)),
    Tagbanwa: () => new UnicodeRangeTable(decodeRanges("g7FMCCCB", true)),
    Tai_Le: () => new UnicodeRangeTable(decodeRanges("wqGdDE", true)),
    Tai_Tham: () => new UnicodeRangeTable(decodeRanges("gxG+BCcDKHJHN", true)),
    Tai_Viet: () => new UnicodeRangeTable(decodeRanges("g0qBiCZE", true)),
    Tai_Yo: () => new UnicodeRangeTable(decodeRanges("g25DeCVJB", true)),
    Takri: () => new UnicodeRangeTable(decodeRanges("g0lC5BHJ", true)),
    Tamil: () => new UnicodeRangeTable(decodeRanges("i8CBBCFBECBCDBEBBCCCBEEBEEBBBELBFEBECBCDBDHHPUBm+kCxBBOAB", false)),
    Tangsa: () => new UnicodeRangeTable(decodeRanges("wz6CuCCJ", true)),
    Tangut: () => new UnicodeRangeTable(decodeRanges("g-7CgBgBB+3GBhQeBiDyDB", false)),
    Telugu: () => new UnicodeRangeTable(decodeRanges("ggDMCCCWCPDICCCDIBCCCBDDDJII", true)),
    Thaana: () => new UnicodeRangeTable(decodeRanges("g8BxB", true)),
    Thai: () => new UnicodeRangeTable(decodeRanges("hwD5BGb", true)),
    Tibetan: () => new UnicodeRangeTable(decodeRanges("g4DnCCjBFmBCjBCOCGFB", true)),
    Tifinagh: () => new UnicodeRangeTable(decodeRanges("wpL3BIBPA", true)),
    Tirhuta: () => new UnicodeRangeTable(decodeRanges("gklCnCJJ", true)),
    Todhri: () => new UnicodeRangeTable(decodeRanges("guhCzB", true)),
    Tolong_Siki: () => new UnicodeRangeTable(decodeRanges("wtnCrBFJ", true)),
    Toto: () => new UnicodeRangeTable(decodeRanges("w04De", true)),
    Tulu_Tigalari: () => new UnicodeRangeTable(decodeRanges("g8kCJBCDDClBBCJBCDDCDBCJBCBBJBB", false)),
    Ugaritic: () => new UnicodeRangeTable(decodeRanges("g8gCdCA", true)),
    Unknown: () => new UnicodeRangeTable(decodeRanges("4bBBHDBICCVuMuMnBBBzBBBE4B4BBGBcDBHKBvI9B9BBmDmDBMB8BBByBBBQddBCCMEBjBEBuHJJBDDBXXICCBBBFBBKBBDBBFHBCDBDGGBaaBEEHDBDBBXIIDGDBCCGDBDBBECBCGBFCCBFBSJBEKKEXXIDDGBBLIEBCCBNBFBBNGBIEEJBBDBBXIIDGGBKKBDDBEEBFBEDBDGGBTTBIBDHHBBBEFFBBBDCCDCBDCBECBNDBGCBEFFBCCBEBCNBWEBOEEYRRBKKEFFBFBDEEDBBFBBLGBXEEYLLGBBKEEFGBDEBEFFBLLELBOEE0BEEHDBRBBbEETCBZKKCBBICBCDBHCCJFBLBBELB7BDBekBBDCCGZZCYYBGGCIILBBFfBpClBlBBCBoBlBlBQOOBjBBnGCCBDBCBB6LFFBIICFFBqBqBFBBiBFFBIICFFBQQ6BFFBkCkCBhBhBBBBbFB3CBBHBB+UCB6CGBXIBZIBVLBOEEDLB-CBBLFBLFBbFB6CGBsBEBnCJBgBNNBCBNDBCCBrBBBGKBtBDBbFBMCB-BBBiCeeBMMBEBLFBPBBvBBBNTBuCnFnFBGB9BCBQCB-BEBsBBBMHBsBEB3QBBHBBnBBBHBBJGCgBBB2BQQPBBHUUBEEKmDmDNBBcOOBBBjBNBiBOBtEDB7UVBMUB14BBB-LEBuBCCBDBCBB5BGBDNBZIBI4BI-DhBBb6C6CBKB3GZBxC3C3CBoDoDBDBsB-C-C3CIBxBuzcuzcBBB4BIB9KTB5FHB+GTB9BCBLFB5BHBnCHBNFB1DKBfCBvCMMBCBiB4B4BBHBPBBLBBoDXBdJBHBBHBBHIBIII9BDB-DBBLFBl9KLBYDByBjoIBvLBBrDlBBILBGEBbGGCGDrUfBrBFB0BUUFDBGoEoEBCC-FCBHBBHBBHBBECBIIIBIBGBBNbbUDDQBBPhBB8DEBEDBuBCB5COOBBBCuBBvBhEBeCByBOBdDBlBIBfEBsBEBfmBmBBCBPpBB-EBBLFBlBDBlBDBpBHB1BKBNQQIDDMQQIDDBBB1BLB4JIBXJBJXBHrBrBKkCBHBBCtBtBDCBCBBYpCpCBGBKvBBUDDBDBiBCBcEBclBB5BDBVBBzBDDBDBJEEeBBEDBLGBKGBhCfBoBDBNIB3BCBeBBcEBbGBFLBIvCBqC2BB0BMB0BGBvBHBLFBnBCBeHBDvGBgBrBrBEBBDPBHHBKgBBvBHBrBVBblBBdTBYIBvCDBlBIBlCJBCBBaGBLFB2BTTBGBoBIBhDVVBJBTwBwBB8BBICCFQQMFB8BEBLFBFJJBDDBXXIDDGLLBDDBEEBCCBEBCEBIBBICBGKBLCCBCCnBLLCBBCFFLDDBGBDcB9CGGBcBpCHBLlFB3BBBnBhBBmCKBLFBOSB7BFBLFBVbBcBBQDBY4FB9BjDB0CLBJBBCBBJDDfDDBNNBHBLlCBJBBvBBBMaBpCHB0CMBqCGBL1CBJ3CBjBNBLFBKuBuBPJBeCBhBBBXPPBnCBIDDtBCBCDDKHBLFBHDDmBDDHGBLFBtBDBL1HBaGBSqBqBBBBe0CBCOBzBMB8clDBwDGGBJBlGryCBkDMB3iBJB88DEBoS41GB7Bl2BB6RGBgBLLBCByCLLBEBfBBHJBnCJBLIIWEBUvNB7BlGB8CEBaBBarBBsCDB6BGBS-BBGKBIIB3mHoBBhBgDB0D8vIBFIIDkJkJBNBCcBEBBCNBFHBtMjoCBsDEBOCBKGBLBBJ76DB+HCB1NFBYOBSOBvBBBYIB1D7BB3HJBoBBBjGUBnC5DBVLBVLB4CIBamEB2CoCoCDBBCBBDBBFNNCIIiCFFBJJIddFGGCCBI1K1KBlJlJB-V-VBNBGQQBuiBBgBFBH0GBISSBIIDGGBDB-BgBBCvDBuBCBPBBLDBD-JBgBQB7BEBCvOBrB1GBsBDBC-FBgBXXBGBD-GBIFFDQQmGBBRoBBtCDBLDBDwYBlCrCB+BhGBFccDCCBCCLFFCCCBEBCDBCECEDDCBBCICDCCBFFIKFCLLSEBEGGSzBBDtIBtBDBlDLBQBBQQQmBJBvF3BBeMBtBDBKGBDNBH5EB6eCBSCBOCB7GFBNDBCOBNDB5BHBLFBpBHBfBBNDBDNBKmBB5KHBPBBOCBMCB6BCCBCBRBBNDBLGB0EoDoDBjgBBh3pBfB-oEBBv0FBBypHOBvThtCB-QhvBBs6EEBrpIm8yVBCdBhD-DBxHvw-FB", false)),
    Vai: () => new UnicodeRangeTable(decodeRanges("gopBrJ", true)),
    Vithkuqi: () => new UnicodeRangeTable(decodeRanges("wrhCKCOCGCBCKCOCGCB", true)),
    Wancho: () => new UnicodeRangeTable(decodeRanges("g24D5BGA", true)),
    Warang_Citi: () => new UnicodeRangeTable(decodeRanges("glmCyCNA", true)),
    Yezidi: () => new UnicodeRangeTable(decodeRanges("g0jCpBCCDB", true)),
    Yi: () => new UnicodeRangeTable(decodeRanges("ggoBskBE2B", true)),
    Zanabazar_Square: () => new UnicodeRangeTable(decodeRanges("gwmCnC", true))
  });
  static FOLD_CATEGORIES = new LazyMap({
    L: () => new UnicodeRangeTable(decodeRanges("laA", true)),
    LC: () => new UnicodeRangeTable(decodeRanges("laA", true)),
    Ll: () => new UnicodeRangeTable(decodeRanges("hCZBmDWBCGBiBuBCEECDOCDuBCBECEBBCCCBCCBBBDDBCBBCCBEBBCBBCECBCCDCCBCCBBBCCCBEEIBBCBBCBBCOCDQCDBBCCCBBBC4BCIBBCBBDCCBCBCGC3HrBrBCEEJHHCCBCCCBCCBPBCIBkBJJCUCGDDCBBDyBBxBgBCK2BCBMCD+CCDlBBq6ClBBCGGzW1CB0kCHHBpBBDCBhK0ECKgDCKHBJFBLHBJHBJFBMGCJHBZHBJHBJHBJEBMEBMDBNEBMEBqJEEBHHxC9zC9zCBuBBxBCCBBBDGCBCBCDDJCBCgDCJCCFuqeuqeCqBCUaCoEMCE8BCLECBICFCCDCCEUCBDBCEBCOCBCBCCCBQCZs5Vs5VBYBmmBnBBpEjBB9EKBCOBCGBCBBr3ByBB+EVB75CfBhsVfBhCYBoyehBB", false)),
    Lt: () => new UnicodeRangeTable(decodeRanges("kOCCBCCBCClBCCtsHHBJHBJHBMQQwBAB", false)),
    Lu: () => new UnicodeRangeTable(decodeRanges("hDZB7BqBqBBWBCHBCuBCEECDOCDsBCDECBBBDCCDEEGDDECBDDDCCCDFFDEECDDECCGBBCBBCBBCOCBSCDBBCEECkBCEQCJDDBCCFICBEBCBBCCCBEEBCCBCBCEBDCCBDDIDDCBBEFBGLLBnFnFsBCCEEEBBBvBDBCdBCBBECBCWCBDBCGD1BvBBCgBCK0BCDMCBgDCyBlBBq6CqBBDCB5XFBjkCIBCvHvHERRzD0ECGGGC8CCBHBJFBLHBJHBJFBMGCJHBJNBzBBBNSSBPPBEEpL2B2Bs1CvBBCEEBGCHDDLiDCJCCFNNBkBBCGG0oesBCUaCoEMCE8BCLCCDICFFFCBBDSCMOCFCCDOCb9a9advCBi8UZBumBnBBpEjBB8EKBCOBCGBCBBk4ByBB+DVB75CfBhsVfB8BYBvyehBB", false)),
    M: () => new UnicodeRangeTable(decodeRanges("5cgBgBlgHAB", false)),
    Mn: () => new UnicodeRangeTable(decodeRanges("5cgBgBlgHAB", false)),
    Emoji: () => new UnicodeRangeTable(decodeRanges("8mJA", true)),
    Extended_Pictographic: () => new UnicodeRangeTable(decodeRanges("8mJA", true)),
    Lowercase: () => new UnicodeRangeTable(decodeRanges("hCZBmDWBCGBiBuBCEECDOCDuBCBECEBBCCCBCCBBBDDBCBBCCBEBBCBBCECBCCDCCBCCBBBCCCBEEIBBCBBCBBCOCDQCDBBCCCBBBC4BCIBBCBBDCCBCBCGCiJCCEJJHCCBBBCCCBCCBPBCIBkBJJCUCGDDCBBDyBBxBgBCK2BCBMCD+CCDlBBq6ClBBCGGzW1CB0kCHHBpBBDCBhK0ECKgDCKHBJFBLHBJHBJFBMGCJHBZHBJHBJHBJEBMEBMDBNEBMEBqJEEBHHuBPBUzZzZBYBx5BvBBxBCCBBBDGCBCBCDDJCBCgDCJCCFuqeuqeCqBCUaCoEMCE8BCLECBICFCCDCCEUCBDBCEBCOCBCBCCCBQCZs5Vs5VBYBmmBnBBpEjBB9EKBCOBCGBCBBr3ByBB+EVB75CfBhsVfBhCYBoyehBB", false)),
    Math: () => new UnicodeRangeTable(decodeRanges("ycGDCHHFMMDDDCHHFAB", false)),
    Uppercase: () => new UnicodeRangeTable(decodeRanges("hDZB7BqBqBBWBCHBCuBCEECDOCDsBCDECBBBDCCDEEGDDECBDDDCCCDFFDEECDDECCGBBCBBCBBCOCBSCDBBCEECkBCEQCJDDBCCFICBEBCBBCCCBEEBCCBCBCEBDCCBDDIDDCBBEFBGLLBnFnFsBCCEEEBBBvBDBCdBCBBECBCWCBDBCGD1BvBBCgBCK0BCDMCBgDCyBlBBq6CqBBDCB5XFBjkCIBCvHvHERRzD0ECGGGC8CCBHBJFBLHBJHBJFBMGCJHBJNBzBBBNSSBPPBEEpLiBiBBOBFsasaBYBn6BvBBCEEBGCHDDLiDCJCCFNNBkBBCGG0oesBCUaCoEMCE8BCLCCDICFFFCBBDSCMOCFCCDOCb9a9advCBi8UZBumBnBBpEjBB8EKBCOBCGBCBBk4ByBB+DVB75CfBhsVfB8BYBvyehBB", false))
  });
  static FOLD_SCRIPT = new LazyMap({
    Common: () => new UnicodeRangeTable(decodeRanges("8cgBgB", false)),
    Greek: () => new UnicodeRangeTable(decodeRanges("1FwUwU", false)),
    Inherited: () => new UnicodeRangeTable(decodeRanges("5cgBgBlgHAB", false))
  });
};
var Unicode = class Unicode2 {
  static MAX_RUNE = 1114111;
  static RUNE_ERROR = 65533;
  static isUnsearchable(r) {
    return r === Unicode2.RUNE_ERROR || r >= Unicode2.MIN_HIGH_SURROGATE && r <= Unicode2.MAX_LOW_SURROGATE;
  }
  static MAX_ASCII = 127;
  static MAX_LATIN1 = 255;
  static MAX_BMP = 65535;
  static MIN_FOLD = 65;
  static MAX_FOLD = 125251;
  static MIN_HIGH_SURROGATE = 55296;
  static MAX_HIGH_SURROGATE = 56319;
  static MIN_LOW_SURROGATE = 56320;
  static MAX_LOW_SURROGATE = 57343;
  static MIN_SUPPLEMENTARY_CODE_POINT = 65536;
  static is32(ranges, r) {
    let lo = 0;
    let hi = ranges.length;
    while (lo < hi) {
      const m = lo + Math.floor((hi - lo) / 2);
      const rlo = ranges.getLo(m);
      const rhi = ranges.getHi(m);
      if (rlo <= r && r <= rhi) {
        const stride = ranges.getStride(m);
        return (r - rlo) % stride === 0;
      }
      if (r < rlo) hi = m;
      else lo = m + 1;
    }
    return false;
  }
  static is(ranges, r) {
    if (r <= Unicode2.MAX_LATIN1) {
      for (let i = 0; i < ranges.length; i++) {
        if (r > ranges.getHi(i)) continue;
        const rlo = ranges.getLo(i);
        if (r < rlo) return false;
        const stride = ranges.getStride(i);
        return (r - rlo) % stride === 0;
      }
      return false;
    }
    return ranges.length > 0 && r >= ranges.getLo(0) && Unicode2.is32(ranges, r);
  }
  static isPrint(r) {
    if (r <= Unicode2.MAX_LATIN1) return r >= 32 && r < Unicode2.MAX_ASCII || r >= 161 && r !== 173;
    return Unicode2.is(UnicodeTables.Print, r);
  }
  static simpleFold(r) {
    if (UnicodeTables.CASE_ORBIT.has(r)) return UnicodeTables.CASE_ORBIT.get(r);
    if (r <= Unicode2.MAX_ASCII) {
      const l = Codepoint.toLowerCase(r);
      return l !== r ? l : Codepoint.toUpperCase(r);
    }
    return r;
  }
  static equalsIgnoreCase(r1, r2) {
    if (r1 === r2) return true;
    if (r1 < 0 || r2 < 0) return false;
    if (r1 <= Unicode2.MAX_ASCII && r2 <= Unicode2.MAX_ASCII) {
      if (65 <= r1 && r1 <= 90) r1 |= 32;
      if (65 <= r2 && r2 <= 90) r2 |= 32;
      return r1 === r2;
    }
    for (let r = Unicode2.simpleFold(r1); r !== r1; r = Unicode2.simpleFold(r)) if (r === r2) return true;
    return false;
  }
};
var RE2JSException = class extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "RE2JSException";
  }
};
var RE2JSSyntaxException = class extends RE2JSException {
  /**
  * @param {string} error
  * @param {string|null} [input=null]
  */
  constructor(error, input = null) {
    let message = `error parsing regexp: ${error}`;
    if (input) message += `: \`${input}\``;
    super(message);
    this.name = "RE2JSSyntaxException";
    this.message = message;
    this.error = error;
    this.input = input;
  }
  /**
  * Retrieves the description of the error.
  * @returns {string}
  */
  getDescription() {
    return this.error;
  }
  /**
  * Retrieves the erroneous regular-expression pattern.
  * @returns {string|null}
  */
  getPattern() {
    return this.input;
  }
};
var RE2JSCompileException = class extends RE2JSException {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "RE2JSCompileException";
  }
};
var RE2JSGroupException = class extends RE2JSException {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "RE2JSGroupException";
  }
};
var RE2JSFlagsException = class extends RE2JSException {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "RE2JSFlagsException";
  }
};
var RE2JSInternalException = class extends RE2JSException {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "RE2JSInternalException";
  }
};
var FAST_PATH_TABLE_SIZE = 256;
var WORD_RUNE_TABLE = new Uint8Array(FAST_PATH_TABLE_SIZE);
for (let i = 0; i < FAST_PATH_TABLE_SIZE; i++) WORD_RUNE_TABLE[i] = 97 <= i && i <= 122 || 65 <= i && i <= 90 || 48 <= i && i <= 57 || i === 95 ? 1 : 0;
var cachedNativeEncoder = null;
var cachedNativeDecoder = null;
var Utils = class Utils2 {
  static METACHARACTERS = "\\.+*?()|[]{}^$";
  static EMPTY_BEGIN_LINE = 1;
  static EMPTY_END_LINE = 2;
  static EMPTY_BEGIN_TEXT = 4;
  static EMPTY_END_TEXT = 8;
  static EMPTY_WORD_BOUNDARY = 16;
  static EMPTY_NO_WORD_BOUNDARY = 32;
  static EMPTY_ALL = -1;
  static emptyInts() {
    return [];
  }
  static isString(value) {
    return typeof value === "string" || Object.prototype.toString.call(value) === "[object String]";
  }
  static typeName(value) {
    if (value === null || typeof value !== "object" && typeof value !== "function") return value === null ? "null" : typeof value;
    return Object.prototype.toString.call(value).slice(8, -1);
  }
  static checkPattern(pattern) {
    if (!Utils2.isString(pattern)) throw new TypeError(`The pattern must be a string, not ${Utils2.typeName(pattern)} (RE2JS.translateRegExp() converts a RegExp)`);
  }
  static checkInput(input) {
    if (!Utils2.isString(input) && !Utils2.isByteArray(input)) throw new TypeError(`The input must be a string or a byte array (Uint8Array or number[]), not ${Utils2.typeName(input)}`);
  }
  static checkFlags(flags) {
    const known = PublicFlags.MULTILINE | PublicFlags.DOTALL | PublicFlags.CASE_INSENSITIVE | PublicFlags.DISABLE_UNICODE_GROUPS | PublicFlags.LONGEST_MATCH | PublicFlags.LOOKBEHINDS;
    if (!Number.isInteger(flags) || (flags & ~known) !== 0) throw new RE2JSFlagsException("Flags should only be a combination of MULTILINE, DOTALL, CASE_INSENSITIVE, DISABLE_UNICODE_GROUPS, LONGEST_MATCH, LOOKBEHINDS");
  }
  static isByteArray(input) {
    return Array.isArray(input) || Object.prototype.toString.call(input) === "[object Uint8Array]";
  }
  static isalnum(c) {
    return Codepoint.CODES["0"] <= c && c <= Codepoint.CODES["9"] || Codepoint.CODES["a"] <= c && c <= Codepoint.CODES["z"] || Codepoint.CODES["A"] <= c && c <= Codepoint.CODES["Z"];
  }
  static unhex(c) {
    if (Codepoint.CODES["0"] <= c && c <= Codepoint.CODES["9"]) return c - Codepoint.CODES["0"];
    if (Codepoint.CODES["a"] <= c && c <= Codepoint.CODES["f"]) return c - Codepoint.CODES["a"] + 10;
    if (Codepoint.CODES["A"] <= c && c <= Codepoint.CODES["F"]) return c - Codepoint.CODES["A"] + 10;
    return -1;
  }
  static escapeRune(rune) {
    let out = "";
    if (Unicode.isPrint(rune)) {
      if (Utils2.METACHARACTERS.indexOf(String.fromCodePoint(rune)) >= 0) out += "\\";
      out += String.fromCodePoint(rune);
    } else switch (rune) {
      case Codepoint.CODES['"']:
        out += '\\"';
        break;
      case Codepoint.CODES["\\"]:
        out += "\\\\";
        break;
      case Codepoint.CODES["	"]:
        out += "\\t";
        break;
      case Codepoint.CODES["\n"]:
        out += "\\n";
        break;
      case Codepoint.CODES["\r"]:
        out += "\\r";
        break;
      case Codepoint.CODES["\b"]:
        out += "\\b";
        break;
      case Codepoint.CODES["\f"]:
        out += "\\f";
        break;
      default: {
        let s = rune.toString(16);
        if (rune < 256) {
          out += "\\x";
          if (s.length === 1) out += "0";
          out += s;
        } else out += `\\x{${s}}`;
        break;
      }
    }
    return out;
  }
  static stringToRunes(str) {
    const string = String(str);
    const runes = [];
    let i = 0;
    while (i < string.length) {
      const cp = string.codePointAt(i);
      runes.push(cp);
      i += cp > Unicode.MAX_BMP ? 2 : 1;
    }
    return new Int32Array(runes);
  }
  static runeToString(r) {
    return String.fromCodePoint(r);
  }
  static isWordRune(r) {
    return r < FAST_PATH_TABLE_SIZE ? WORD_RUNE_TABLE[r] === 1 : false;
  }
  static emptyOpContext(r1, r2) {
    let op = 0;
    if (r1 < 0) op |= Utils2.EMPTY_BEGIN_TEXT | Utils2.EMPTY_BEGIN_LINE;
    if (r1 === 10) op |= Utils2.EMPTY_BEGIN_LINE;
    if (r2 < 0) op |= Utils2.EMPTY_END_TEXT | Utils2.EMPTY_END_LINE;
    if (r2 === 10) op |= Utils2.EMPTY_END_LINE;
    if (Utils2.isWordRune(r1) !== Utils2.isWordRune(r2)) op |= Utils2.EMPTY_WORD_BOUNDARY;
    else op |= Utils2.EMPTY_NO_WORD_BOUNDARY;
    return op;
  }
  /**
  * Returns a string that quotes all regular expression metacharacters inside the argument text;
  * the returned string is a regular expression matching the literal text. For example,
  * {@code quoteMeta("[foo]").equals("\\[foo\\]")}.
  * @param {string} str
  * @returns {string}
  */
  static quoteMeta(str) {
    return str.split("").map((s) => {
      if (Utils2.METACHARACTERS.indexOf(s) >= 0) return `\\${s}`;
      return s;
    }).join("");
  }
  static charCount(codePoint) {
    return codePoint > Unicode.MAX_BMP ? 2 : 1;
  }
  /**
  * High-speed conversion from TypedArrays to standard JS Arrays.
  * Bypasses the expensive Symbol.iterator overhead of Array.from()
  */
  static toArray(typedArray) {
    const len = typedArray.length;
    const res = new Array(len);
    for (let i = 0; i < len; i++) res[i] = typedArray[i];
    return res;
  }
  static stringToUtf8ByteArray(str) {
    if (globalThis.TextEncoder) {
      if (!cachedNativeEncoder) cachedNativeEncoder = new TextEncoder();
      return cachedNativeEncoder.encode(str);
    } else {
      let out = [], p = 0;
      for (let i = 0; i < str.length; i++) {
        let c = str.charCodeAt(i);
        if (c < 128) out[p++] = c;
        else if (c < 2048) {
          out[p++] = c >> 6 | 192;
          out[p++] = c & 63 | 128;
        } else if ((c & 64512) === Unicode.MIN_HIGH_SURROGATE && i + 1 < str.length && (str.charCodeAt(i + 1) & 64512) === Unicode.MIN_LOW_SURROGATE) {
          c = Unicode.MIN_SUPPLEMENTARY_CODE_POINT + ((c & 1023) << 10) + (str.charCodeAt(++i) & 1023);
          out[p++] = c >> 18 | 240;
          out[p++] = c >> 12 & 63 | 128;
          out[p++] = c >> 6 & 63 | 128;
          out[p++] = c & 63 | 128;
        } else {
          out[p++] = c >> 12 | 224;
          out[p++] = c >> 6 & 63 | 128;
          out[p++] = c & 63 | 128;
        }
      }
      return out;
    }
  }
  static utf8ByteArrayToString(bytes) {
    if (globalThis.TextDecoder) {
      if (!cachedNativeDecoder) cachedNativeDecoder = new TextDecoder("utf-8");
      const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
      return cachedNativeDecoder.decode(view);
    } else {
      let out = [], pos = 0, c = 0;
      while (pos < bytes.length) {
        let c1 = bytes[pos++];
        if (c1 < 128) out[c++] = String.fromCharCode(c1);
        else if (c1 > 191 && c1 < 224) {
          let c2 = bytes[pos++];
          out[c++] = String.fromCharCode((c1 & 31) << 6 | c2 & 63);
        } else if (c1 > 239 && c1 < 365) {
          let c2 = bytes[pos++];
          let c3 = bytes[pos++];
          let c4 = bytes[pos++];
          let u = ((c1 & 7) << 18 | (c2 & 63) << 12 | (c3 & 63) << 6 | c4 & 63) - Unicode.MIN_SUPPLEMENTARY_CODE_POINT;
          out[c++] = String.fromCharCode(Unicode.MIN_HIGH_SURROGATE + (u >> 10));
          out[c++] = String.fromCharCode(Unicode.MIN_LOW_SURROGATE + (u & 1023));
        } else {
          let c2 = bytes[pos++];
          let c3 = bytes[pos++];
          out[c++] = String.fromCharCode((c1 & 15) << 12 | (c2 & 63) << 6 | c3 & 63);
        }
      }
      return out.join("");
    }
  }
};
var createEnum = (values = [], initNum = 0) => {
  const enumObject = /* @__PURE__ */ Object.create(null);
  for (let i = 0; i < values.length; i++) {
    const val = values[i];
    const keyVal = initNum + i;
    enumObject[val] = keyVal;
    enumObject[keyVal] = val;
  }
  return Object.freeze(enumObject);
};
var MatcherInputBase = class MatcherInputBase2 {
  static Encoding = createEnum(["UTF_16", "UTF_8"]);
  getEncoding() {
    throw Error("not implemented");
  }
  /** @returns {string} */
  asCharSequence() {
    throw Error("not implemented");
  }
  /** @returns {Uint8Array|number[]|null} */
  asBytes() {
    throw Error("not implemented");
  }
  /** @returns {number} */
  length() {
    throw Error("not implemented");
  }
  /**
  *
  * @returns {boolean}
  */
  isUTF8Encoding() {
    return this.getEncoding() === MatcherInputBase2.Encoding.UTF_8;
  }
  /**
  *
  * @returns {boolean}
  */
  isUTF16Encoding() {
    return this.getEncoding() === MatcherInputBase2.Encoding.UTF_16;
  }
};
var Utf8MatcherInput = class extends MatcherInputBase {
  /** @param {Uint8Array|number[]|null} bytes */
  constructor(bytes = null) {
    super();
    this.bytes = bytes;
  }
  getEncoding() {
    return MatcherInputBase.Encoding.UTF_8;
  }
  /**
  *
  * @returns {string}
  */
  asCharSequence() {
    return Utils.utf8ByteArrayToString(this.bytes);
  }
  /**
  *
  * @returns {Uint8Array|number[]|null}
  */
  asBytes() {
    return this.bytes;
  }
  /**
  *
  * @returns {number}
  */
  length() {
    return this.bytes.length;
  }
};
var Utf16MatcherInput = class extends MatcherInputBase {
  /** @param {string|null} charSequence */
  constructor(charSequence = null) {
    super();
    this.charSequence = charSequence;
  }
  getEncoding() {
    return MatcherInputBase.Encoding.UTF_16;
  }
  /**
  *
  * @returns {string}
  */
  asCharSequence() {
    return this.charSequence;
  }
  /**
  *
  * @returns {number[]}
  */
  asBytes() {
    return Utils.stringToUtf8ByteArray(this.charSequence.toString());
  }
  /**
  *
  * @returns {number}
  */
  length() {
    return this.charSequence.length;
  }
};
var MatcherInput = class {
  /**
  * Return the MatcherInput for UTF_16 encoding.
  * @returns {Utf16MatcherInput}
  */
  static utf16(charSequence) {
    Utils.checkInput(charSequence);
    return new Utf16MatcherInput(charSequence);
  }
  /**
  * Return the MatcherInput for UTF_8 encoding.
  * @returns {Utf8MatcherInput}
  */
  static utf8(input) {
    if (Utils.isByteArray(input)) return new Utf8MatcherInput(input);
    return new Utf8MatcherInput(Utils.stringToUtf8ByteArray(input));
  }
};
var MachineInputBase = class {
  static EOF() {
    return -8;
  }
  constructor() {
    this.start = 0;
    this.end = 0;
  }
  canCheckPrefix() {
    return true;
  }
  endPos() {
    return this.end - this.start;
  }
  hasString() {
    return false;
  }
  hasAnyString() {
    return false;
  }
  prefixLength() {
    return 0;
  }
};
var MachineUTF8Input = class MachineUTF8Input2 extends MachineInputBase {
  static RUNE_ERROR_STEP = Unicode.RUNE_ERROR << 3 | 1;
  constructor(bytes, start = 0, end = bytes.length) {
    super();
    this.bytes = bytes;
    this.start = start;
    this.end = end;
  }
  hasString(prefilter2, pos) {
    const target = prefilter2.bytes;
    if (target.length === 0) return true;
    const idx = this.indexOf(this.bytes, target, this.start + pos);
    return idx !== -1 && idx <= this.end - target.length;
  }
  hasAnyString(prefilter2, pos) {
    return prefilter2.automaton8().searchUTF8(this.bytes, this.start + pos, this.end);
  }
  step(pos) {
    pos += this.start;
    if (pos >= this.end) return MachineInputBase.EOF();
    const c = this.bytes[pos] & 255;
    if (c < 128) return c << 3 | 1;
    let size;
    let rune;
    let lo = 128;
    let hi = 191;
    if (c >= 194 && c <= 223) {
      size = 2;
      rune = c & 31;
    } else if (c >= 224 && c <= 239) {
      size = 3;
      rune = c & 15;
      if (c === 224) lo = 160;
      else if (c === 237) hi = 159;
    } else if (c >= 240 && c <= 244) {
      size = 4;
      rune = c & 7;
      if (c === 240) lo = 144;
      else if (c === 244) hi = 143;
    } else return MachineUTF8Input2.RUNE_ERROR_STEP;
    if (pos + size > this.end) return MachineUTF8Input2.RUNE_ERROR_STEP;
    const c1 = this.bytes[pos + 1] & 255;
    if (c1 < lo || c1 > hi) return MachineUTF8Input2.RUNE_ERROR_STEP;
    rune = rune << 6 | c1 & 63;
    if (size > 2) {
      const c2 = this.bytes[pos + 2] & 255;
      if ((c2 & 192) !== 128) return MachineUTF8Input2.RUNE_ERROR_STEP;
      rune = rune << 6 | c2 & 63;
      if (size > 3) {
        const c3 = this.bytes[pos + 3] & 255;
        if ((c3 & 192) !== 128) return MachineUTF8Input2.RUNE_ERROR_STEP;
        rune = rune << 6 | c3 & 63;
      }
    }
    return rune << 3 | size;
  }
  index(re2, pos) {
    pos += this.start;
    const i = this.indexOf(this.bytes, re2.prefixUTF8, pos);
    return i < 0 ? i : i - pos;
  }
  context(pos) {
    pos += this.start;
    let r1 = -1;
    if (pos > this.start && pos <= this.end) {
      let start = pos - 1;
      r1 = this.bytes[start--];
      if (r1 >= 128) {
        let lim = pos - 4;
        if (lim < this.start) lim = this.start;
        while (start >= lim && (this.bytes[start] & 192) === 128) start--;
        if (start < this.start) start = this.start;
        const r = this.step(start - this.start);
        r1 = start + (r & 7) === pos ? r >> 3 : Unicode.RUNE_ERROR;
      }
    }
    const r2 = pos < this.end ? this.step(pos - this.start) >> 3 : -1;
    return Utils.emptyOpContext(r1, r2);
  }
  indexOf(source, target, fromIndex = 0) {
    let targetLength = target.length;
    if (targetLength === 0) return fromIndex <= this.end ? fromIndex : -1;
    const firstByte = target[0];
    let limit = this.end - targetLength;
    const hasNativeIndexOf = typeof source.indexOf === "function";
    let i = fromIndex;
    while (i <= limit) {
      if (hasNativeIndexOf) {
        i = source.indexOf(firstByte, i);
        if (i === -1 || i > limit) return -1;
      } else {
        while (i <= limit && source[i] !== firstByte) i++;
        if (i > limit) return -1;
      }
      let match = true;
      for (let j = 1; j < targetLength; j++) if (source[i + j] !== target[j]) {
        match = false;
        break;
      }
      if (match) return i;
      i++;
    }
    return -1;
  }
  prefixLength(re2) {
    return re2.prefixUTF8.length;
  }
};
var MachineUTF16Input = class extends MachineInputBase {
  constructor(charSequence, start = 0, end = charSequence.length) {
    super();
    this.charSequence = charSequence;
    this.start = start;
    this.end = end;
  }
  hasString(prefilter2, pos) {
    const idx = this.charSequence.indexOf(prefilter2.str, this.start + pos);
    return idx !== -1 && idx <= this.end - prefilter2.str.length;
  }
  hasAnyString(prefilter2, pos) {
    return prefilter2.automaton16().searchUTF16(this.charSequence, this.start + pos, this.end);
  }
  step(pos) {
    pos += this.start;
    if (pos >= this.end) return MachineInputBase.EOF();
    const c1 = this.charSequence.charCodeAt(pos);
    if (c1 < Unicode.MIN_HIGH_SURROGATE || c1 > Unicode.MAX_HIGH_SURROGATE || pos + 1 >= this.end) return c1 << 3 | 1;
    const c2 = this.charSequence.charCodeAt(pos + 1);
    if (c2 >= Unicode.MIN_LOW_SURROGATE && c2 <= Unicode.MAX_LOW_SURROGATE) return (c1 - Unicode.MIN_HIGH_SURROGATE) * 1024 + (c2 - Unicode.MIN_LOW_SURROGATE) + Unicode.MIN_SUPPLEMENTARY_CODE_POINT << 3 | 2;
    return c1 << 3 | 1;
  }
  index(re2, pos) {
    pos += this.start;
    const i = this.charSequence.indexOf(re2.prefix, pos);
    if (i < 0 || i > this.end - re2.prefix.length) return -1;
    return i - pos;
  }
  context(pos) {
    pos += this.start;
    const r1 = pos > this.start && pos <= this.end ? this.charSequence.charCodeAt(pos - 1) : -1;
    const r2 = pos < this.end ? this.charSequence.charCodeAt(pos) : -1;
    return Utils.emptyOpContext(r1, r2);
  }
  prefixLength(re2) {
    return re2.prefix.length;
  }
};
var MachineInput = class {
  static fromUTF8(bytes, start = 0, end = bytes.length) {
    return new MachineUTF8Input(bytes, start, end);
  }
  static fromUTF16(charSequence, start = 0, end = void 0) {
    Utils.checkInput(charSequence);
    return new MachineUTF16Input(charSequence, start, end ?? charSequence.length);
  }
};
var Matcher = class Matcher2 {
  /**
  * V8 and WebKit have historical hard limits on the number of arguments
  * that can be passed to a function. We cap replacer arguments to prevent
  * Call Stack Overflow (DoS) vulnerabilities on massive ASTs.
  */
  static MAX_REPLACER_ARGS = 65535;
  /**
  * Quotes '\' and '$' in {@code s}, so that the returned string could be used in
  * {@link #appendReplacement} as a literal replacement of {@code s}.
  *
  * @param {string} str the string to be quoted
  * @param {boolean} [javaMode=false] whether the replacement will be used in javaMode
  * @returns {string} the quoted string
  */
  static quoteReplacement(str, javaMode = false) {
    if (javaMode) {
      if (str.indexOf("\\") < 0 && str.indexOf("$") < 0) return str;
      return str.split("").map((s) => {
        const c = s.codePointAt(0);
        if (c === Codepoint.CODES["\\"] || c === Codepoint.CODES["$"]) return `\\${s}`;
        return s;
      }).join("");
    }
    if (str.indexOf("$") < 0) return str;
    return str.split("").map((s) => {
      if (s.codePointAt(0) === Codepoint.CODES["$"]) return "$$";
      return s;
    }).join("");
  }
  /**
  *
  * @param {import('./index.js').RE2JS} pattern
  * @param {string|number[]|Uint8Array|MatcherInputBase} input
  */
  constructor(pattern, input) {
    if (pattern === null) throw new Error("pattern is null");
    this.patternInput = pattern;
    const re2 = this.patternInput.re2();
    this.patternGroupCount = re2.numberOfCapturingGroups();
    this.groups = [];
    this.namedGroups = re2.namedGroups;
    this.hasNamedGroups = Object.keys(this.namedGroups).length > 0;
    this.numberOfInstructions = re2.numberOfInstructions();
    this.lookbehindState = null;
    if (input instanceof MatcherInputBase) this.resetMatcherInput(input);
    else if (Utils.isByteArray(input)) this.resetMatcherInput(MatcherInput.utf8(input));
    else this.resetMatcherInput(MatcherInput.utf16(input));
  }
  /**
  * Returns the {@code RE2JS} associated with this {@code Matcher}.
  * @returns {import('./index.js').RE2JS}
  */
  pattern() {
    return this.patternInput;
  }
  /**
  * Resets the {@code Matcher}, rewinding input and discarding any match information.
  *
  * @returns {Matcher} the {@code Matcher} itself, for chained method calls
  */
  reset() {
    this.matcherInputLength = this.matcherInput.length();
    this.appendPos = 0;
    this.hasMatch = false;
    this.hasGroups = false;
    this.anchorFlag = 0;
    return this;
  }
  /**
  * Resets the {@code Matcher} and changes the input.
  * @param {string|number[]|Uint8Array|MatcherInputBase} input
  * @returns {Matcher} the {@code Matcher} itself, for chained method calls
  */
  resetMatcherInput(input) {
    if (input === null) throw new Error("input is null");
    if (!(input instanceof MatcherInputBase)) {
      if (Utils.isByteArray(input)) input = MatcherInput.utf8(input);
      else input = MatcherInput.utf16(input);
    }
    this.matcherInput = input;
    if (this.lookbehindState !== null) this.lookbehindState.reset();
    else this.lookbehindState = this.patternInput.re2().createLookbehindState();
    this.reset();
    return this;
  }
  /**
  * Returns the start of the named group of the most recent match, or -1 if the group was not
  * matched.
  * @param {string|number} [group=0]
  * @returns {number}
  */
  start(group = 0) {
    if (typeof group === "string") {
      const groupInt = this.namedGroups[group];
      if (!Number.isFinite(groupInt)) throw new RE2JSGroupException(`group '${group}' not found`);
      group = groupInt;
    }
    this.loadGroup(group);
    return this.groups[2 * group];
  }
  /**
  * Returns the end of the named group of the most recent match, or -1 if the group was not
  * matched.
  * @param {string|number} [group=0]
  * @returns {number}
  */
  end(group = 0) {
    if (typeof group === "string") {
      const groupInt = this.namedGroups[group];
      if (!Number.isFinite(groupInt)) throw new RE2JSGroupException(`group '${group}' not found`);
      group = groupInt;
    }
    this.loadGroup(group);
    return this.groups[2 * group + 1];
  }
  /**
  * Returns the program size of this pattern.
  *
  * <p>
  * Similar to the C++ implementation, the program size is a very approximate measure of a regexp's
  * "cost". Larger numbers are more expensive than smaller numbers.
  * </p>
  *
  * @returns {number} the program size of this pattern
  */
  programSize() {
    return this.numberOfInstructions;
  }
  /**
  * Returns the named group of the most recent match, or {@code null} if the group was not matched.
  * @param {string|number} [group=0]
  * @returns {string|null}
  */
  group(group = 0) {
    if (typeof group === "string") {
      const groupInt = this.namedGroups[group];
      if (!Number.isFinite(groupInt)) throw new RE2JSGroupException(`group '${group}' not found`);
      group = groupInt;
    }
    const start = this.start(group);
    const end = this.end(group);
    if (start < 0 && end < 0) return null;
    return this.substring(start, end);
  }
  /**
  * Returns a dictionary map of all named capturing groups and their matched values.
  * If a group was not matched, its value will be `null`.
  * @returns {Record<string, string|null>}
  */
  getNamedGroups() {
    if (!this.hasMatch) throw new RE2JSGroupException("perhaps no match attempted");
    const result = /* @__PURE__ */ Object.create(null);
    for (const name of Object.keys(this.namedGroups)) result[name] = this.group(name);
    return result;
  }
  /**
  * Returns the number of subgroups in this pattern.
  *
  * @returns {number} the number of subgroups; the overall match (group 0) does not count
  */
  groupCount() {
    return this.patternGroupCount;
  }
  /**
  * Helper: finds subgroup information if needed for group.
  * @param {number} group
  * @private
  */
  loadGroup(group) {
    if (!Number.isInteger(group) || group < 0 || group > this.patternGroupCount) throw new RE2JSGroupException(`Group index out of bounds: ${group}`);
    if (!this.hasMatch) throw new RE2JSGroupException("perhaps no match attempted");
    if (group === 0 || this.hasGroups) return;
    const end = this.matcherInputLength;
    const res = this.patternInput.re2().matchMachineInput(this.matcherInput, this.groups[0], end, this.anchorFlag, 1 + this.patternGroupCount, this.lookbehindState);
    if (!res[0]) throw new RE2JSGroupException("inconsistency in matching group data");
    this.groups = res[1];
    this.hasGroups = true;
  }
  /**
  * Matches the entire input against the pattern (anchored start and end). If there is a match,
  * {@code matches} sets the match state to describe it.
  *
  * @returns {boolean} true if the entire input matches the pattern
  */
  matches() {
    return this.genMatch(0, RE2Flags.ANCHOR_BOTH);
  }
  /**
  * Matches the beginning of input against the pattern (anchored start). If there is a match,
  * {@code lookingAt} sets the match state to describe it.
  *
  * @returns {boolean} true if the beginning of the input matches the pattern
  */
  lookingAt() {
    return this.genMatch(0, RE2Flags.ANCHOR_START);
  }
  /**
  * Matches the input against the pattern (unanchored), starting at a specified position. If there
  * is a match, {@code find} sets the match state to describe it.
  *
  * @param {number|null} [start=null] the input position where the search begins
  * @returns {boolean} if it finds a match
  * @throws IndexOutOfBoundsException if start is not a valid input position
  */
  find(start = null) {
    if (start !== null) {
      if (!Number.isInteger(start) || start < 0 || start > this.matcherInputLength) throw new RE2JSGroupException(`start index out of bounds: ${start}`);
      this.reset();
      return this.genMatch(start, 0);
    }
    start = 0;
    if (this.hasMatch) {
      start = this.groups[1];
      if (this.groups[0] === this.groups[1]) {
        const r = (this.matcherInput.isUTF16Encoding() ? MachineInput.fromUTF16(this.matcherInput.asCharSequence(), 0, this.matcherInputLength) : MachineInput.fromUTF8(this.matcherInput.asBytes(), 0, this.matcherInputLength)).step(start);
        if (r < 0) start++;
        else start += r & 7;
      }
    }
    return this.genMatch(start, RE2Flags.UNANCHORED);
  }
  /**
  * Helper: does match starting at start, with RE2 anchor flag.
  * @param {number} startByte
  * @param {number} anchor
  * @returns {boolean}
  * @private
  */
  genMatch(startByte, anchor) {
    const res = this.patternInput.re2().matchMachineInput(this.matcherInput, startByte, this.matcherInputLength, anchor, 1, this.lookbehindState);
    if (!res[0]) {
      this.hasMatch = false;
      return false;
    }
    this.groups = res[1];
    this.hasMatch = true;
    this.hasGroups = this.patternGroupCount === 0;
    this.anchorFlag = anchor;
    return true;
  }
  /**
  * Helper: return substring for [start, end).
  * @param {number} start
  * @param {number} end
  * @returns {string}
  */
  substring(start, end) {
    if (this.matcherInput.isUTF8Encoding()) return Utils.utf8ByteArrayToString(this.matcherInput.asBytes().slice(start, end));
    return this.matcherInput.asCharSequence().substring(start, end).toString();
  }
  /**
  * Helper for Pattern: return input length.
  * @returns {number}
  */
  inputLength() {
    return this.matcherInputLength;
  }
  /**
  * Appends to result two strings: the text from the append position up to the beginning of the
  * most recent match, and then the replacement with submatch groups substituted for references to
  * them. It advances the append position to where the most recent match ended.
  *
  * By default the replacement is expanded as by String.prototype.replace (see
  * appendReplacementInternalJs). In Java mode it follows re2j / java.util.regex: $n takes as
  * many digits as still form a valid group number, ${name} is a named group, and a backslash
  * escapes the next character (so "\\$" in a JS string literal inserts a literal $).
  *
  * @param {string} replacement the replacement string
  * @param {boolean} [javaMode=false] activate java mode (different behaviour for capture groups and special characters)
  * @returns {string}
  * @throws IllegalStateException if there was no most recent match
  * @throws IndexOutOfBoundsException in Java mode, if replacement refers to an invalid group
  * @private
  */
  appendReplacement(replacement, javaMode = false) {
    let res = "";
    const s = this.start();
    const e = this.end();
    if (this.appendPos < s) res += this.substring(this.appendPos, s);
    this.appendPos = e;
    res += javaMode ? this.appendReplacementInternalJava(replacement) : this.appendReplacementInternalJs(replacement);
    return res;
  }
  /**
  * @param {string} replacement - the replacement string
  * @returns {string}
  * @private
  */
  appendReplacementInternalJava(replacement) {
    let res = "";
    let last = 0;
    const m = replacement.length;
    let i = 0;
    while (i < m) {
      const cCode = replacement.codePointAt(i);
      if (cCode === Codepoint.CODES["\\"]) {
        if (last < i) res += replacement.substring(last, i);
        i++;
        if (i >= m) throw new RE2JSGroupException("character to be escaped is missing");
        last = i;
        i++;
        continue;
      }
      if (cCode === Codepoint.CODES["$"]) {
        if (last < i) res += replacement.substring(last, i);
        if (i + 1 >= m) throw new RE2JSGroupException("Illegal group reference: group index is missing");
        const nextCode = replacement.codePointAt(i + 1);
        if (Codepoint.CODES["0"] <= nextCode && nextCode <= Codepoint.CODES["9"]) {
          let n = nextCode - Codepoint.CODES["0"];
          let j = i + 2;
          for (; j < m; j++) {
            const digit = replacement.codePointAt(j);
            if (digit < Codepoint.CODES["0"] || digit > Codepoint.CODES["9"] || n * 10 + digit - Codepoint.CODES["0"] > this.patternGroupCount) break;
            n = n * 10 + digit - Codepoint.CODES["0"];
          }
          if (n > this.patternGroupCount) throw new RE2JSGroupException(`n > number of groups: ${n}`);
          const group = this.group(n);
          if (group !== null) res += group;
          i = j;
          last = i;
        } else if (nextCode === Codepoint.CODES["{"]) {
          let j = i + 2;
          while (j < m && replacement.codePointAt(j) !== Codepoint.CODES["}"]) j++;
          if (j >= m) throw new RE2JSGroupException("named capture group is missing trailing '}'");
          const groupName = replacement.substring(i + 2, j);
          const groupVal = this.group(groupName);
          if (groupVal !== null) res += groupVal;
          i = j + 1;
          last = i;
        } else throw new RE2JSGroupException("Illegal group reference");
        continue;
      }
      i++;
    }
    if (last < m) res += replacement.substring(last, m);
    return res;
  }
  /**
  * Expands |replacement| for the current match by the rules of String.prototype.replace
  * (ECMAScript GetSubstitution): $$ is "$", $& the match, $` the text before it, $' the text
  * after it, $n and $nn a group (two digits only when they form a valid group number, so with
  * one group "$10" is group 1 then "0"; an unmatched group is empty), and $<name> a named group
  * (empty when no such group), only when the pattern has named groups. Anything else, such as
  * "$0" or "$<" without a closing ">", is kept as is.
  * @param {string} replacement - the replacement string
  * @returns {string}
  * @private
  */
  appendReplacementInternalJs(replacement) {
    const isDigit3 = (c) => c >= 48 && c <= 57;
    const groupCount = this.patternGroupCount;
    let res = "";
    let i = 0;
    while (i < replacement.length) {
      const dollar = replacement.indexOf("$", i);
      if (dollar < 0) break;
      res += replacement.substring(i, dollar);
      i = dollar;
      const c = replacement.charCodeAt(i + 1);
      if (c === Codepoint.CODES["$"]) {
        res += "$";
        i += 2;
      } else if (c === Codepoint.CODES["&"]) {
        res += this.group(0);
        i += 2;
      } else if (c === Codepoint.CODES["`"]) {
        res += this.substring(0, this.start(0));
        i += 2;
      } else if (c === Codepoint.CODES["'"]) {
        res += this.substring(this.end(0), this.matcherInputLength);
        i += 2;
      } else if (isDigit3(c)) {
        let digits = 1;
        let index = c - 48;
        const c2 = replacement.charCodeAt(i + 2);
        if (isDigit3(c2) && index * 10 + c2 - 48 <= groupCount) {
          digits = 2;
          index = index * 10 + c2 - 48;
        }
        if (index >= 1 && index <= groupCount) {
          const group = this.group(index);
          if (group !== null) res += group;
        } else res += replacement.substring(i, i + 1 + digits);
        i += 1 + digits;
      } else if (c === Codepoint.CODES["<"] && this.hasNamedGroups) {
        const gt = replacement.indexOf(">", i + 2);
        if (gt < 0) {
          res += "$<";
          i += 2;
        } else {
          const name = replacement.substring(i + 2, gt);
          if (Object.hasOwn(this.namedGroups, name)) {
            const group = this.group(name);
            if (group !== null) res += group;
          }
          i = gt + 1;
        }
      } else {
        res += "$";
        i += 1;
      }
    }
    return res + replacement.substring(i);
  }
  /**
  * Return the substring of the input from the append position to the end of the
  * input.
  * @returns {string}
  */
  appendTail() {
    return this.substring(this.appendPos, this.matcherInputLength);
  }
  /**
  * Returns the input with all matches replaced by {@code replacement}, interpreted as for
  * {@code appendReplacement}.
  *
  * @param {string|((...args: any[]) => string)} replacement - the replacement string or a replacer function
  * @param {boolean} [javaMode=false] - activate java mode (different behaviour for capture groups and special characters)
  * @returns {string} the input string with the matches replaced
  * @throws IndexOutOfBoundsException if replacement refers to an invalid group and javaMode is true
  */
  replaceAll(replacement, javaMode = false) {
    return this.replace(replacement, true, javaMode);
  }
  /**
  * Returns the input with the first match replaced by {@code replacement}, interpreted as for
  * {@code appendReplacement}.
  *
  * @param {string|((...args: any[]) => string)} replacement - the replacement string or a replacer function
  * @param {boolean} [javaMode=false] - activate java mode (different behaviour for capture groups and special characters)
  * @returns {string} the input string with the first match replaced
  * @throws IndexOutOfBoundsException if replacement refers to an invalid group and javaMode is true
  */
  replaceFirst(replacement, javaMode = false) {
    return this.replace(replacement, false, javaMode);
  }
  /**
  * Helper: replaceAll/replaceFirst hybrid.
  * @param {string|((...args: any[]) => string)} replacement - the replacement string or a replacer function
  * @param {boolean} [all=true] - replace all matches
  * @param {boolean} [javaMode=false] - activate java mode (different behaviour for capture groups and special characters)
  * @returns {string}
  * @private
  */
  replace(replacement, all = true, javaMode = false) {
    let res = "";
    this.reset();
    const isFunc = typeof replacement === "function";
    let originalInput = null;
    if (isFunc) {
      if (this.groupCount() >= Matcher2.MAX_REPLACER_ARGS) throw new RE2JSGroupException("Too many capture groups to safely invoke replacer function");
      originalInput = this.matcherInput.isUTF8Encoding() ? this.matcherInput.asBytes() : this.matcherInput.asCharSequence();
    }
    while (this.find()) {
      res += isFunc ? this.appendReplacementFunc(replacement, originalInput) : this.appendReplacement(replacement, javaMode);
      if (!all) break;
    }
    res += this.appendTail();
    return res;
  }
  /**
  * Evaluates a replacer function for the current match and appends the result,
  * along with any un-matched preceding text, advancing the append position.
  * @param {Function} replacer - the replacer function
  * @param {string|Uint8Array|number[]} originalInput - the cached original input reference
  * @returns {string} the evaluated string to append
  * @private
  */
  appendReplacementFunc(replacer2, originalInput) {
    let res = "";
    const s = this.start();
    const e = this.end();
    if (this.appendPos < s) res += this.substring(this.appendPos, s);
    this.appendPos = e;
    const args = this.matchArray();
    args.push(s, originalInput);
    if (this.hasNamedGroups) args.push(this.namedGroupsObject());
    res += String(replacer2(...args));
    return res;
  }
  /**
  * The match and its groups, as the elements of a JS RegExpExecArray: undefined for a group that
  * did not take part in the match. Used by exec(), matchAll() and replacer functions.
  * @returns {Array<string|undefined>}
  * @private
  */
  matchArray() {
    const result = [this.group(0)];
    for (let i = 1; i <= this.patternGroupCount; i++) {
      const group = this.group(i);
      result.push(group === null ? void 0 : group);
    }
    return result;
  }
  /**
  * The named groups, as the groups property of a JS RegExpExecArray: an object without a
  * prototype mapping each name to its group (undefined when it did not take part in the match),
  * or undefined when the pattern has no named groups.
  * @returns {Record<string, string|undefined>|undefined}
  * @private
  */
  namedGroupsObject() {
    if (!this.hasNamedGroups) return;
    const result = this.getNamedGroups();
    for (const name in result) if (result[name] === null) result[name] = void 0;
    return result;
  }
};
var Inst = class Inst2 {
  static ALT = 1;
  static ALT_MATCH = 2;
  static CAPTURE = 3;
  static EMPTY_WIDTH = 4;
  static FAIL = 5;
  static MATCH = 6;
  static NOP = 7;
  static RUNE = 8;
  static RUNE1 = 9;
  static RUNE_ANY = 10;
  static RUNE_ANY_NOT_NL = 11;
  static LB_WRITE = 12;
  static LB_CHECK = 13;
  static isRuneOp(op) {
    return Inst2.RUNE <= op && op <= Inst2.RUNE_ANY_NOT_NL;
  }
  static escapeRunes(runes) {
    let out = '"';
    for (let rune of runes) out += Utils.escapeRune(rune);
    out += '"';
    return out;
  }
  constructor(op) {
    this.op = op;
    this.out = 0;
    this.arg = 0;
    this.runes = /* @__PURE__ */ new Int32Array(0);
    this.next = null;
  }
  matchRune(r) {
    if (this.runes.length === 1) {
      const r0 = this.runes[0];
      if ((this.arg & RE2Flags.FOLD_CASE) !== 0) return Unicode.equalsIgnoreCase(r0, r);
      return r === r0;
    }
    const len = this.runes.length;
    if (len === 0) return false;
    if (len === 2 || len === 4 || len === 6 || len === 8) {
      for (let j = 0; j < len; j += 2) {
        if (r < this.runes[j]) return false;
        if (r <= this.runes[j + 1]) return true;
      }
      return false;
    }
    let base = 0;
    let n = len >> 1;
    while (n > 1) {
      const half = n >> 1;
      base += this.runes[base + half << 1] <= r ? half : 0;
      n -= half;
    }
    base += this.runes[base << 1] <= r ? 1 : 0;
    const m = base - 1;
    return m >= 0 && r <= this.runes[m << 1 | 1];
  }
  matchRunePos(r) {
    if (this.runes.length === 1) {
      const r0 = this.runes[0];
      if ((this.arg & RE2Flags.FOLD_CASE) !== 0) return Unicode.equalsIgnoreCase(r0, r) ? 0 : -1;
      return r === r0 ? 0 : -1;
    }
    const len = this.runes.length;
    if (len === 0) return -1;
    if (len === 2 || len === 4 || len === 6 || len === 8) {
      for (let j = 0; j < len; j += 2) {
        if (r < this.runes[j]) return -1;
        if (r <= this.runes[j + 1]) return Math.floor(j / 2);
      }
      return -1;
    }
    let base = 0;
    let n = len >> 1;
    while (n > 1) {
      const half = n >> 1;
      base += this.runes[base + half << 1] <= r ? half : 0;
      n -= half;
    }
    base += this.runes[base << 1] <= r ? 1 : 0;
    const m = base - 1;
    return m >= 0 && r <= this.runes[m << 1 | 1] ? m : -1;
  }
  /**
  *
  * @returns {string}
  */
  toString() {
    switch (this.op) {
      case Inst2.ALT:
        return `alt -> ${this.out}, ${this.arg}`;
      case Inst2.ALT_MATCH:
        return `altmatch -> ${this.out}, ${this.arg}`;
      case Inst2.CAPTURE:
        return `cap ${this.arg} -> ${this.out}`;
      case Inst2.EMPTY_WIDTH:
        return `empty ${this.arg} -> ${this.out}`;
      case Inst2.MATCH:
        return `match${this.arg !== 0 ? ` ${this.arg}` : ""}`;
      case Inst2.FAIL:
        return "fail";
      case Inst2.NOP:
        return `nop -> ${this.out}`;
      case Inst2.LB_WRITE:
        return `lbwrite ${this.arg} -> ${this.out}`;
      case Inst2.LB_CHECK:
        return `lbcheck ${this.arg} -> ${this.out}`;
      case Inst2.RUNE:
        if (this.runes === null) return "rune <null>";
        return [
          "rune ",
          Inst2.escapeRunes(this.runes),
          (this.arg & RE2Flags.FOLD_CASE) !== 0 ? "/i" : "",
          " -> ",
          this.out
        ].join("");
      case Inst2.RUNE1:
        return `rune1 ${Inst2.escapeRunes(this.runes)} -> ${this.out}`;
      case Inst2.RUNE_ANY:
        return `any -> ${this.out}`;
      case Inst2.RUNE_ANY_NOT_NL:
        return `anynotnl -> ${this.out}`;
      default:
        throw new Error("unhandled case in Inst.toString");
    }
  }
};
var Queue = class Queue2 {
  constructor(numInst) {
    this.sparse = new Int32Array(numInst);
    this.densePcs = new Int32Array(numInst);
    this.denseCaps = null;
    this.size = 0;
    this.ncap = 0;
    this.mainThreads = 0;
  }
  static INITIAL_THREADS = 32;
  init(ncap) {
    this.ncap = ncap;
    const needed = Math.min(this.densePcs.length, Queue2.INITIAL_THREADS) * ncap;
    if (!this.denseCaps || this.denseCaps.length < needed) this.denseCaps = new Int32Array(needed);
  }
  growCaps(needed) {
    const limit = this.densePcs.length * this.ncap;
    const grown = new Int32Array(Math.min(limit, Math.max(needed, 2 * this.denseCaps.length)));
    grown.set(this.denseCaps);
    this.denseCaps = grown;
  }
  contains(pc) {
    const j = this.sparse[pc];
    return j < this.size && this.densePcs[j] === pc;
  }
  isEmpty() {
    return this.size === 0;
  }
  add(pc) {
    const j = this.size++;
    this.sparse[pc] = j;
    this.densePcs[j] = pc;
    return j;
  }
  clear() {
    this.size = 0;
    this.mainThreads = 0;
  }
  toString() {
    let out = "{";
    for (let i = 0; i < this.size; i++) {
      if (i !== 0) out += ", ";
      out += this.densePcs[i];
    }
    out += "}";
    return out;
  }
};
var LookbehindState = class {
  constructor(prog) {
    this.pos = -1;
    this.pcs = new Int32Array(prog.numInst());
    this.size = 0;
    this.lbTable = new Int32Array(prog.numLb + 1);
  }
  reset() {
    this.pos = -1;
    this.size = 0;
  }
};
var Machine = class Machine2 {
  static fromRE2(re2) {
    const m = new Machine2();
    m.prog = re2.prog;
    m.re2 = re2;
    m.q0 = new Queue(m.prog.numInst());
    m.q1 = new Queue(m.prog.numInst());
    m.addStack = new Int32Array(2 * (m.prog.numInst() + 1));
    m.matched = false;
    m.matchcap = new Int32Array(m.prog.numCap < 2 ? 2 : m.prog.numCap);
    m.ncap = 0;
    return m;
  }
  constructor() {
    this.prog = null;
    this.re2 = null;
    this.q0 = null;
    this.q1 = null;
    this.addStack = null;
    this.matched = false;
    this.matchcap = null;
    this.ncap = 0;
    this.lbTable = null;
  }
  init(ncap) {
    this.ncap = ncap;
    if (ncap > this.matchcap.length) this.matchcap = new Int32Array(ncap).fill(-1);
    else this.matchcap.fill(-1);
    this.q0.init(ncap);
    this.q1.init(ncap);
    if (this.prog.numLb > 0) {
      if (!this.lbTable || this.lbTable.length < this.prog.numLb + 1) this.lbTable = new Int32Array(this.prog.numLb + 1);
      this.lbTable.fill(-1);
    }
  }
  submatches() {
    if (this.ncap === 0) return Utils.emptyInts();
    return Utils.toArray(this.matchcap.subarray(0, this.ncap));
  }
  match(input, pos, anchor, lbState = null) {
    const startCond = this.re2.cond;
    if (startCond === Utils.EMPTY_ALL) return false;
    if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && pos !== 0) return false;
    this.matched = false;
    this.matchcap.fill(-1);
    const hasLookbehinds = this.prog.numLb > 0;
    const matchStartPos = pos;
    let currentPos = pos;
    let resumeLookbehinds = false;
    if (hasLookbehinds) {
      if (lbState !== null && lbState.pos >= 0 && lbState.pos <= pos) {
        currentPos = lbState.pos;
        resumeLookbehinds = true;
      } else currentPos = 0;
    }
    let saveLookbehinds = hasLookbehinds && lbState !== null;
    let runq = this.q0;
    let nextq = this.q1;
    let r = input.step(currentPos);
    let rune = r >> 3;
    let width = r & 7;
    let rune1 = -1;
    let width1 = 0;
    if (r !== MachineInputBase.EOF()) {
      r = input.step(currentPos + width);
      rune1 = r >> 3;
      width1 = r & 7;
    }
    let flag;
    if (currentPos === 0) flag = Utils.emptyOpContext(-1, rune);
    else flag = input.context(currentPos);
    if (hasLookbehinds) {
      if (resumeLookbehinds) this.restoreLookbehinds(lbState, runq, flag);
      else this.spawnLookbehinds(runq, currentPos, flag);
    }
    while (true) {
      if (runq.mainThreads === 0) {
        if ((startCond & Utils.EMPTY_BEGIN_TEXT) !== 0 && currentPos !== 0) break;
        if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && currentPos !== 0) break;
        if (this.matched) break;
        if (this.prog.numLb === 0 && runq.isEmpty() && !(this.re2.prefix.length === 0) && rune1 !== this.re2.prefixRune && input.canCheckPrefix()) {
          const advance = input.index(this.re2, currentPos);
          if (advance < 0) break;
          currentPos += advance;
          r = input.step(currentPos);
          rune = r >> 3;
          width = r & 7;
          r = input.step(currentPos + width);
          rune1 = r >> 3;
          width1 = r & 7;
          flag = input.context(currentPos);
        }
      }
      if (currentPos >= matchStartPos) {
        if (saveLookbehinds) {
          this.saveLookbehinds(lbState, runq, currentPos);
          saveLookbehinds = false;
        }
        if (!this.matched && (currentPos === 0 || anchor === RE2Flags.UNANCHORED)) {
          if (this.ncap > 0) this.matchcap[0] = currentPos;
          this.add(runq, this.prog.start, currentPos, this.matchcap, 0, flag);
        }
      }
      const nextPos = currentPos + width;
      flag = input.context(nextPos);
      this.step(runq, nextq, currentPos, nextPos, rune, flag, anchor, currentPos === input.endPos());
      if (width === 0) break;
      if (this.ncap === 0 && this.matched) break;
      currentPos += width;
      rune = rune1;
      width = width1;
      if (rune !== -1) {
        r = input.step(currentPos + width);
        rune1 = r >> 3;
        width1 = r & 7;
      }
      const tmpq = runq;
      runq = nextq;
      nextq = tmpq;
    }
    runq.clear();
    nextq.clear();
    return this.matched;
  }
  matchSet(input, pos, anchor) {
    const startCond = this.re2.cond;
    if (startCond === Utils.EMPTY_ALL) return [];
    if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && pos !== 0) return [];
    let currentPos = this.prog.numLb > 0 ? 0 : pos;
    let matchStartPos = pos;
    let runq = this.q0;
    let nextq = this.q1;
    let r = input.step(currentPos);
    let rune = r >> 3;
    let width = r & 7;
    let rune1 = -1;
    let width1 = 0;
    if (r !== MachineInputBase.EOF()) {
      r = input.step(currentPos + width);
      rune1 = r >> 3;
      width1 = r & 7;
    }
    let flag = currentPos === 0 ? Utils.emptyOpContext(-1, rune) : input.context(currentPos);
    const matches = /* @__PURE__ */ new Set();
    if (this.prog.numLb > 0) this.spawnLookbehinds(runq, currentPos, flag);
    while (true) {
      if (runq.mainThreads === 0) {
        if ((startCond & Utils.EMPTY_BEGIN_TEXT) !== 0 && currentPos !== 0) break;
        if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && currentPos !== 0) break;
      }
      if (currentPos === 0 || anchor === RE2Flags.UNANCHORED) {
        if (currentPos >= matchStartPos) this.add(runq, this.prog.start, currentPos, this.matchcap, 0, flag);
      }
      const nextPos = currentPos + width;
      flag = input.context(nextPos);
      for (let j = 0; j < runq.size; j++) {
        const pc = runq.densePcs[j];
        const i = this.prog.inst[pc];
        const capOffset = j * this.ncap;
        let add = false;
        switch (i.op) {
          case Inst.MATCH:
            if (anchor === RE2Flags.ANCHOR_BOTH && currentPos !== input.endPos()) break;
            matches.add(i.arg);
            break;
          case Inst.RUNE:
            add = i.matchRune(rune);
            break;
          case Inst.RUNE1:
            add = rune === i.runes[0];
            break;
          case Inst.RUNE_ANY:
            add = true;
            break;
          case Inst.RUNE_ANY_NOT_NL:
            add = rune !== 10;
            break;
          default:
            continue;
        }
        if (add) this.add(nextq, i.out, nextPos, runq.denseCaps, capOffset, flag);
      }
      runq.clear();
      if (width === 0) break;
      currentPos += width;
      rune = rune1;
      width = width1;
      if (rune !== -1) {
        r = input.step(currentPos + width);
        rune1 = r >> 3;
        width1 = r & 7;
      }
      const tmpq = runq;
      runq = nextq;
      nextq = tmpq;
    }
    nextq.clear();
    return Array.from(matches).sort((a, b2) => a - b2);
  }
  step(runq, nextq, pos, nextPos, c, nextCond, anchor, atEnd) {
    const longest = this.re2.longest;
    for (let j = 0; j < runq.size; j++) {
      const pc = runq.densePcs[j];
      const capOffset = j * this.ncap;
      if (longest && this.matched && this.ncap > 0 && this.matchcap[0] < runq.denseCaps[capOffset]) continue;
      const i = this.prog.inst[pc];
      let add = false;
      switch (i.op) {
        case Inst.MATCH:
          if (anchor === RE2Flags.ANCHOR_BOTH && !atEnd) break;
          if (this.ncap > 0 && (!longest || !this.matched || this.matchcap[1] < pos)) {
            runq.denseCaps[capOffset + 1] = pos;
            for (let k = 0; k < this.ncap; k++) this.matchcap[k] = runq.denseCaps[capOffset + k];
          }
          if (!longest) runq.size = 0;
          this.matched = true;
          break;
        case Inst.RUNE:
          add = i.matchRune(c);
          break;
        case Inst.RUNE1:
          add = c === i.runes[0];
          break;
        case Inst.RUNE_ANY:
          add = true;
          break;
        case Inst.RUNE_ANY_NOT_NL:
          add = c !== 10;
          break;
        default:
          continue;
      }
      if (add) this.add(nextq, i.out, nextPos, runq.denseCaps, capOffset, nextCond);
    }
    runq.clear();
  }
  spawnLookbehinds(q, pos, flag) {
    for (let i = 0; i < this.prog.lbStarts.length; i++) this.add(q, this.prog.lbStarts[i], pos, this.matchcap, 0, flag);
  }
  restoreLookbehinds(lbState, q, flag) {
    this.lbTable.set(lbState.lbTable);
    for (let j = 0; j < lbState.size; j++) this.add(q, lbState.pcs[j], lbState.pos, this.matchcap, 0, flag);
  }
  saveLookbehinds(lbState, q, pos) {
    let size = 0;
    for (let j = 0; j < q.size; j++) {
      const pc = q.densePcs[j];
      if (this.prog.lbInst[pc] === 1 && Inst.isRuneOp(this.prog.inst[pc].op)) lbState.pcs[size++] = pc;
    }
    lbState.size = size;
    lbState.pos = pos;
    lbState.lbTable.set(this.lbTable);
  }
  add(q, pc, pos, capArray, capOffset, cond) {
    const stk = this.addStack;
    let nstk = 0;
    for (; ; ) {
      while (pc !== 0 && !q.contains(pc)) {
        const d = q.add(pc);
        const inst = this.prog.inst[pc];
        switch (inst.op) {
          case Inst.FAIL:
            pc = 0;
            break;
          case Inst.ALT:
          case Inst.ALT_MATCH:
            stk[nstk++] = inst.arg;
            stk[nstk++] = 0;
            pc = inst.out;
            break;
          case Inst.EMPTY_WIDTH:
            pc = (inst.arg & ~cond) === 0 ? inst.out : 0;
            break;
          case Inst.NOP:
            pc = inst.out;
            break;
          case Inst.CAPTURE:
            if (inst.arg < this.ncap) {
              stk[nstk++] = -inst.arg - 1;
              stk[nstk++] = capArray[capOffset + inst.arg];
              capArray[capOffset + inst.arg] = pos;
            }
            pc = inst.out;
            break;
          case Inst.LB_WRITE:
            this.lbTable[Math.abs(inst.arg)] = pos;
            pc = inst.out;
            break;
          case Inst.LB_CHECK:
            if (inst.arg > 0) pc = this.lbTable[inst.arg] === pos ? inst.out : 0;
            else pc = this.lbTable[-inst.arg] !== pos ? inst.out : 0;
            break;
          case Inst.MATCH:
          case Inst.RUNE:
          case Inst.RUNE1:
          case Inst.RUNE_ANY:
          case Inst.RUNE_ANY_NOT_NL:
            if (this.prog.lbInst[pc] === 0) q.mainThreads++;
            if (this.ncap > 0) {
              const destOffset = d * this.ncap;
              if (destOffset + this.ncap > q.denseCaps.length) q.growCaps(destOffset + this.ncap);
              for (let c = 0; c < this.ncap; c++) q.denseCaps[destOffset + c] = capArray[capOffset + c];
            }
            pc = 0;
            break;
          default:
            throw new RE2JSInternalException("unhandled");
        }
      }
      if (nstk === 0) return;
      nstk -= 2;
      const entry = stk[nstk];
      if (entry < 0) {
        capArray[capOffset - entry - 1] = stk[nstk + 1];
        pc = 0;
      } else pc = entry;
    }
  }
};
var hashState = (pcs, flag, ids) => {
  let h = -2128831035;
  for (let i = 0; i < pcs.length; i++) {
    h ^= pcs[i];
    h = Math.imul(h, 16777619);
  }
  h ^= flag;
  h = Math.imul(h, 16777619);
  for (let i = 0; i < ids.length; i++) {
    h ^= ids[i];
    h = Math.imul(h, 16777619);
  }
  return h;
};
var arraysEqual = (a, b2) => {
  if (a.length !== b2.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b2[i]) return false;
  return true;
};
var isState = (state, pcs, flag, ids) => state.flag === flag && arraysEqual(state.nfaStates, pcs) && arraysEqual(state.matchIDs, ids);
var NO_IDS = [];
var END_TEXT = -1;
var DFAState = class {
  constructor(nfaStates, flag, matchIDs) {
    this.nfaStates = nfaStates;
    this.flag = flag;
    this.isMatch = (flag & DFA.FLAG_MATCH) !== 0;
    this.matchIDs = matchIDs;
    this.next = null;
    this.nextAnchored = null;
  }
};
var DFA = class DFA2 {
  static FLAG_EMPTY_MASK = 255;
  static FLAG_MATCH = 256;
  static FLAG_LAST_WORD = 512;
  static FLAG_NEED_SHIFT = 16;
  static STATE_OVERHEAD = 150;
  static ARRAY_OVERHEAD = 40;
  static ELEMENT_SIZE = 8;
  static TABLE_OVERHEAD = 48;
  static PROGRESS_PER_STATE = 10;
  constructor(prog, maxMem = 8388608) {
    this.prog = prog;
    this.maxMem = maxMem;
    this.stateCache = /* @__PURE__ */ new Map();
    this.stateCount = 0;
    this.startStates = /* @__PURE__ */ new Map();
    this.failed = false;
    for (let pc = 0; pc < prog.numInst(); pc++) {
      const op = prog.getInst(pc).op;
      if (op === Inst.LB_WRITE || op === Inst.LB_CHECK) {
        this.failed = true;
        break;
      }
    }
    this.computeRuneClasses();
    this.stateBudget = maxMem;
    this.memBudget = maxMem;
  }
  computeRuneClasses() {
    const bounds = /* @__PURE__ */ new Set();
    const addRange = (lo, hi) => {
      bounds.add(lo);
      bounds.add(hi + 1);
    };
    for (let pc = 0; pc < this.prog.numInst(); pc++) {
      const inst = this.prog.getInst(pc);
      switch (inst.op) {
        case Inst.RUNE:
        case Inst.RUNE1:
          if (inst.runes.length === 1) {
            addRange(inst.runes[0], inst.runes[0]);
            if ((inst.arg & RE2Flags.FOLD_CASE) !== 0) for (let f = Unicode.simpleFold(inst.runes[0]); f !== inst.runes[0]; f = Unicode.simpleFold(f)) addRange(f, f);
          } else for (let j = 0; j < inst.runes.length; j += 2) addRange(inst.runes[j], inst.runes[j + 1]);
          break;
        case Inst.RUNE_ANY_NOT_NL:
          addRange(10, 10);
          break;
        case Inst.EMPTY_WIDTH:
          if ((inst.arg & (Utils.EMPTY_BEGIN_LINE | Utils.EMPTY_END_LINE)) !== 0) addRange(10, 10);
          if ((inst.arg & (Utils.EMPTY_WORD_BOUNDARY | Utils.EMPTY_NO_WORD_BOUNDARY)) !== 0) {
            addRange(48, 57);
            addRange(65, 90);
            addRange(95, 95);
            addRange(97, 122);
          }
      }
    }
    bounds.delete(0);
    this.classBounds = Int32Array.from(bounds).sort();
    this.numClasses = this.classBounds.length + 1;
    const latin1Class = new Int32Array(Unicode.MAX_LATIN1 + 1);
    for (let r = 0; r <= Unicode.MAX_LATIN1; r++) latin1Class[r] = this.searchClass(r);
    this.latin1Class = latin1Class;
  }
  runeClass(r) {
    if (r <= Unicode.MAX_LATIN1) return this.latin1Class[r];
    return this.searchClass(r);
  }
  searchClass(r) {
    const bounds = this.classBounds;
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (bounds[mid] <= r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  closure(pcs, flag) {
    const closure = /* @__PURE__ */ new Set();
    const stack = Array.from(pcs);
    let needflags = 0;
    while (stack.length > 0) {
      const pc = stack.pop();
      if (pc === 0 || closure.has(pc)) continue;
      closure.add(pc);
      const inst = this.prog.getInst(pc);
      switch (inst.op) {
        case Inst.ALT:
        case Inst.ALT_MATCH:
          stack.push(inst.out);
          stack.push(inst.arg);
          break;
        case Inst.NOP:
        case Inst.CAPTURE:
          stack.push(inst.out);
          break;
        case Inst.EMPTY_WIDTH:
          needflags |= inst.arg;
          if ((inst.arg & ~flag) === 0) stack.push(inst.out);
      }
    }
    return {
      pcs: Array.from(closure).sort((a, b2) => a - b2),
      needflags
    };
  }
  getState(pcs, flag, ids) {
    const hash = hashState(pcs, flag, ids);
    const cached = this.stateCache.get(hash);
    if (cached instanceof DFAState) {
      if (isState(cached, pcs, flag, ids)) return cached;
    } else if (cached !== void 0) {
      for (let i = 0; i < cached.length; i++) if (isState(cached[i], pcs, flag, ids)) return cached[i];
    }
    const cost = DFA2.stateCost(pcs, ids);
    if (this.memBudget < cost) return null;
    this.memBudget -= cost;
    const state = new DFAState(pcs, flag, ids);
    if (cached === void 0) this.stateCache.set(hash, state);
    else if (cached instanceof DFAState) this.stateCache.set(hash, [cached, state]);
    else cached.push(state);
    this.stateCount++;
    return state;
  }
  static stateCost(pcs, ids) {
    const idsCost = ids.length === 0 ? 0 : DFA2.ARRAY_OVERHEAD + DFA2.ELEMENT_SIZE * ids.length;
    return DFA2.STATE_OVERHEAD + DFA2.ELEMENT_SIZE * pcs.length + idsCost;
  }
  *cachedStates() {
    for (const cached of this.stateCache.values()) if (cached instanceof DFAState) yield cached;
    else yield* cached;
  }
  makeState(pcs, flag, ids) {
    const closure = this.closure(pcs, flag & DFA2.FLAG_EMPTY_MASK);
    let stateFlag = flag;
    if (closure.needflags === 0) stateFlag &= DFA2.FLAG_MATCH;
    stateFlag |= closure.needflags << DFA2.FLAG_NEED_SHIFT;
    return this.getState(closure.pcs, stateFlag, ids);
  }
  allocTable(state, anchor) {
    const size = this.numClasses + 1;
    const cost = DFA2.TABLE_OVERHEAD + DFA2.ELEMENT_SIZE * size;
    if (this.memBudget < cost) return null;
    this.memBudget -= cost;
    const table = new Array(size).fill(null);
    if (anchor === RE2Flags.UNANCHORED) state.next = table;
    else state.nextAnchored = table;
    return table;
  }
  clearCache() {
    this.stateCache.clear();
    this.stateCount = 0;
    this.startStates.clear();
    this.memBudget = this.stateBudget;
  }
  resetCache(current) {
    this.clearCache();
    return this.getState(current.nfaStates, current.flag, current.matchIDs);
  }
  step(state, cls, rune, anchor) {
    let table = anchor === RE2Flags.UNANCHORED ? state.next : state.nextAnchored;
    if (table !== null) {
      const cached = table[cls];
      if (cached !== null) return cached;
    } else {
      table = this.allocTable(state, anchor);
      if (table === null) return null;
    }
    const needflag = state.flag >>> DFA2.FLAG_NEED_SHIFT;
    const oldbeforeflag = state.flag & DFA2.FLAG_EMPTY_MASK;
    let beforeflag = oldbeforeflag;
    let afterflag = 0;
    if (rune === 10) {
      beforeflag |= Utils.EMPTY_END_LINE;
      afterflag |= Utils.EMPTY_BEGIN_LINE;
    }
    if (rune === END_TEXT) beforeflag |= Utils.EMPTY_END_LINE | Utils.EMPTY_END_TEXT;
    const islastword = (state.flag & DFA2.FLAG_LAST_WORD) !== 0;
    const isword = rune !== END_TEXT && Utils.isWordRune(rune);
    beforeflag |= isword === islastword ? Utils.EMPTY_NO_WORD_BOUNDARY : Utils.EMPTY_WORD_BOUNDARY;
    let pcs = state.nfaStates;
    if ((beforeflag & ~oldbeforeflag & needflag) !== 0) pcs = this.closure(pcs, beforeflag).pcs;
    const nextPCs = [];
    let ismatch = false;
    let ids = NO_IDS;
    for (let i = 0; i < pcs.length; i++) {
      const inst = this.prog.getInst(pcs[i]);
      if (inst.op === Inst.MATCH) {
        if (!ismatch) {
          ismatch = true;
          ids = [];
        }
        ids.push(inst.arg);
      } else if (rune !== END_TEXT && Inst.isRuneOp(inst.op) && inst.matchRune(rune)) nextPCs.push(inst.out);
    }
    if (ids.length > 1) ids.sort((a, b2) => a - b2);
    if (anchor === RE2Flags.UNANCHORED && rune !== END_TEXT) nextPCs.push(this.prog.start);
    let flag = afterflag;
    if (ismatch) flag |= DFA2.FLAG_MATCH;
    if (isword) flag |= DFA2.FLAG_LAST_WORD;
    const nextState = this.makeState(nextPCs, flag, ids);
    if (nextState === null) return null;
    table[cls] = nextState;
    return nextState;
  }
  start(input, pos) {
    const context = input.context(pos);
    let flags;
    if ((context & Utils.EMPTY_BEGIN_TEXT) !== 0) flags = Utils.EMPTY_BEGIN_TEXT | Utils.EMPTY_BEGIN_LINE;
    else if ((context & Utils.EMPTY_BEGIN_LINE) !== 0) flags = Utils.EMPTY_BEGIN_LINE;
    else {
      const r = input.step(pos);
      const nextIsWord = r >= 0 && Utils.isWordRune(r >> 3);
      flags = (context & Utils.EMPTY_WORD_BOUNDARY) !== 0 !== nextIsWord ? DFA2.FLAG_LAST_WORD : 0;
    }
    let state = this.startStates.get(flags);
    if (state === void 0) {
      state = this.makeState([this.prog.start], flags, NO_IDS);
      if (state === null) {
        this.clearCache();
        state = this.makeState([this.prog.start], flags, NO_IDS);
        if (state === null) return null;
      }
      this.startStates.set(flags, state);
    }
    return state;
  }
  stepOrReset(state, cls, rune, anchor, pos, search) {
    let next = this.step(state, cls, rune, anchor);
    if (next !== null) return next;
    if (search.resetPos >= 0 && pos - search.resetPos < DFA2.PROGRESS_PER_STATE * this.stateCount) return null;
    search.resetPos = pos;
    const restored = this.resetCache(state);
    if (restored === null) return null;
    next = this.step(restored, cls, rune, anchor);
    return next;
  }
  run(input, pos, anchor, state, onMatch) {
    const endPos = input.endPos();
    const latin1Class = this.latin1Class;
    const unanchored = anchor === RE2Flags.UNANCHORED;
    const search = { resetPos: -1 };
    let i = pos;
    while (i < endPos) {
      const r = input.step(i);
      const rune = r >> 3;
      const width = r & 7;
      if (width === 0) break;
      const cls = rune <= Unicode.MAX_LATIN1 ? latin1Class[rune] : this.runeClass(rune);
      let next = unanchored && state.next !== null ? state.next[cls] : null;
      if (next === null) {
        next = this.stepOrReset(state, cls, rune, anchor, i, search);
        if (next === null) return null;
      }
      state = next;
      if (state.isMatch && onMatch(state, false)) return true;
      if (!unanchored && state.nfaStates.length === 0) return false;
      i += width;
    }
    state = this.stepOrReset(state, this.numClasses, END_TEXT, anchor, i, search);
    if (state === null) return null;
    return state.isMatch && onMatch(state, true);
  }
  match(input, pos, anchor) {
    if (this.failed) return null;
    if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && pos !== 0) return false;
    const startState = this.start(input, pos);
    if (startState === null) return null;
    return this.run(input, pos, anchor, startState, (state, atEnd) => anchor !== RE2Flags.ANCHOR_BOTH || atEnd);
  }
  matchSet(input, pos, anchor) {
    if (this.failed) return null;
    if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && pos !== 0) return [];
    const startState = this.start(input, pos);
    if (startState === null) return null;
    const matches = /* @__PURE__ */ new Set();
    const collect3 = (state, atEnd) => {
      if (anchor !== RE2Flags.ANCHOR_BOTH || atEnd) for (let k = 0; k < state.matchIDs.length; k++) matches.add(state.matchIDs[k]);
      return false;
    };
    if (this.run(input, pos, anchor, startState, collect3) === null) return null;
    return Array.from(matches).sort((a, b2) => a - b2);
  }
};
var VISITED_BITS = 32;
var MAX_BACKTRACK_PROG = 500;
var INITIAL_JOB_CAPACITY = 256;
var MAX_BACKTRACK_VECTOR = 262144;
var BitState = class {
  constructor() {
    this.end = 0;
    this.cap = /* @__PURE__ */ new Int32Array(0);
    this.matchcap = /* @__PURE__ */ new Int32Array(0);
    this.ncap = 0;
    this.jobPc = new Int32Array(INITIAL_JOB_CAPACITY);
    this.jobArg = new Uint8Array(INITIAL_JOB_CAPACITY);
    this.jobPos = new Int32Array(INITIAL_JOB_CAPACITY);
    this.jobLen = 0;
    this.visited = /* @__PURE__ */ new Uint32Array(0);
  }
  reset(prog, end, ncap) {
    this.end = end;
    this.jobLen = 0;
    this.ncap = ncap;
    const visitedSize = prog.numInst() * (end + 1) + VISITED_BITS - 1 >>> 5;
    if (this.visited.length < visitedSize) this.visited = new Uint32Array(visitedSize);
    else this.visited.fill(0, 0, visitedSize);
    if (this.cap.length < ncap) this.cap = new Int32Array(ncap).fill(-1);
    else this.cap.fill(-1, 0, ncap);
    if (this.matchcap.length < ncap) this.matchcap = new Int32Array(ncap).fill(-1);
    else this.matchcap.fill(-1, 0, ncap);
  }
  shouldVisit(pc, pos) {
    const n = pc * (this.end + 1) + pos;
    const idx = n >>> 5;
    const mask = 1 << (n & 31);
    if ((this.visited[idx] & mask) !== 0) return false;
    this.visited[idx] |= mask;
    return true;
  }
  push(re2, pc, pos, arg) {
    if (re2.prog.getInst(pc).op !== Inst.FAIL && (arg || this.shouldVisit(pc, pos))) {
      if (this.jobLen >= this.jobPc.length) {
        const newSize = this.jobPc.length * 2;
        const newPc = new Int32Array(newSize);
        newPc.set(this.jobPc);
        this.jobPc = newPc;
        const newArg = new Uint8Array(newSize);
        newArg.set(this.jobArg);
        this.jobArg = newArg;
        const newPos = new Int32Array(newSize);
        newPos.set(this.jobPos);
        this.jobPos = newPos;
      }
      this.jobPc[this.jobLen] = pc;
      this.jobArg[this.jobLen] = arg ? 1 : 0;
      this.jobPos[this.jobLen] = pos;
      this.jobLen++;
    }
  }
  tryBacktrack(re2, input, pc, pos, anchor) {
    const longest = re2.longest;
    this.push(re2, pc, pos, false);
    while (this.jobLen > 0) {
      this.jobLen--;
      let currentPc = this.jobPc[this.jobLen];
      let arg = this.jobArg[this.jobLen] === 1;
      let currentPos = this.jobPos[this.jobLen];
      let skipShouldVisit = true;
      while (true) {
        if (!skipShouldVisit) {
          if (!this.shouldVisit(currentPc, currentPos)) break;
        }
        skipShouldVisit = false;
        const inst = re2.prog.getInst(currentPc);
        switch (inst.op) {
          case Inst.FAIL:
            break;
          case Inst.ALT:
            if (arg) {
              arg = false;
              currentPc = inst.arg;
              continue;
            } else {
              this.push(re2, currentPc, currentPos, true);
              currentPc = inst.out;
              continue;
            }
          case Inst.ALT_MATCH: {
            const outInst = re2.prog.getInst(inst.out);
            if (Inst.isRuneOp(outInst.op)) {
              this.push(re2, inst.arg, currentPos, false);
              currentPc = inst.arg;
              currentPos = this.end;
              continue;
            }
            this.push(re2, inst.out, this.end, false);
            currentPc = inst.out;
            continue;
          }
          case Inst.RUNE: {
            const r = input.step(currentPos);
            if (r === MachineInputBase.EOF()) break;
            if (!inst.matchRune(r >> 3)) break;
            currentPos += r & 7;
            currentPc = inst.out;
            continue;
          }
          case Inst.RUNE1: {
            const r = input.step(currentPos);
            if (r === MachineInputBase.EOF()) break;
            if (r >> 3 !== inst.runes[0]) break;
            currentPos += r & 7;
            currentPc = inst.out;
            continue;
          }
          case Inst.RUNE_ANY_NOT_NL: {
            const r = input.step(currentPos);
            if (r === MachineInputBase.EOF()) break;
            if (r >> 3 === 10) break;
            currentPos += r & 7;
            currentPc = inst.out;
            continue;
          }
          case Inst.RUNE_ANY: {
            const r = input.step(currentPos);
            if (r === MachineInputBase.EOF()) break;
            currentPos += r & 7;
            currentPc = inst.out;
            continue;
          }
          case Inst.CAPTURE:
            if (arg) {
              this.cap[inst.arg] = currentPos;
              break;
            } else {
              if (inst.arg < this.ncap) {
                this.push(re2, currentPc, this.cap[inst.arg], true);
                this.cap[inst.arg] = currentPos;
              }
              currentPc = inst.out;
              continue;
            }
          case Inst.EMPTY_WIDTH: {
            const flag = input.context(currentPos);
            if ((inst.arg & ~flag) !== 0) break;
            currentPc = inst.out;
            continue;
          }
          case Inst.NOP:
            currentPc = inst.out;
            continue;
          case Inst.MATCH: {
            if (anchor === RE2Flags.ANCHOR_BOTH && currentPos !== this.end) break;
            if (this.ncap === 0) return true;
            if (this.ncap > 1) this.cap[1] = currentPos;
            const old = this.matchcap[1];
            if (old === -1 || longest && currentPos > 0 && currentPos > old) this.matchcap.set(this.cap);
            if (!longest) return true;
            if (currentPos === this.end) return true;
            break;
          }
          case Inst.LB_WRITE:
          case Inst.LB_CHECK:
            throw new RE2JSInternalException("Backtracker cannot evaluate Lookbehind instructions");
          default:
            throw new RE2JSInternalException("bad inst");
        }
        break;
      }
    }
    return longest && this.matchcap.length > 1 && this.matchcap[1] >= 0;
  }
};
var bitStatePool = [];
var Backtracker = class Backtracker2 {
  static shouldBacktrack(prog) {
    return prog.numInst() <= MAX_BACKTRACK_PROG;
  }
  static maxBitStateLen(prog) {
    if (!Backtracker2.shouldBacktrack(prog)) return 0;
    return Math.floor(MAX_BACKTRACK_VECTOR / prog.numInst());
  }
  static execute(re2, input, pos, anchor, ncap) {
    const startCond = re2.cond;
    if (startCond === Utils.EMPTY_ALL) return null;
    if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && pos !== 0) return null;
    if ((startCond & Utils.EMPTY_BEGIN_TEXT) !== 0 && pos !== 0) return null;
    const b2 = bitStatePool.length > 0 ? bitStatePool.pop() : new BitState();
    const end = input.endPos();
    b2.reset(re2.prog, end, ncap);
    let matched = false;
    if ((startCond & Utils.EMPTY_BEGIN_TEXT) !== 0 || anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) {
      if (b2.ncap > 0) b2.cap[0] = pos;
      if (b2.tryBacktrack(re2, input, re2.prog.start, pos, anchor)) matched = true;
    } else {
      let width = -1;
      for (; pos <= end && width !== 0; pos += width) {
        if (re2.prefix.length > 0) {
          const advance = input.index(re2, pos);
          if (advance < 0) break;
          pos += advance;
        }
        if (b2.ncap > 0) b2.cap[0] = pos;
        if (b2.tryBacktrack(re2, input, re2.prog.start, pos, anchor)) {
          matched = true;
          break;
        }
        const r = input.step(pos);
        width = r === MachineInputBase.EOF() ? 0 : r & 7;
      }
    }
    if (!matched) {
      bitStatePool.push(b2);
      return null;
    }
    const result = ncap === 0 ? [] : Utils.toArray(b2.matchcap.subarray(0, ncap));
    bitStatePool.push(b2);
    return result;
  }
};
var QueueOnePass = class {
  constructor(size) {
    this.sparse = new Uint32Array(size);
    this.dense = new Uint32Array(size);
    this.size = 0;
    this.nextIndex = 0;
  }
  empty() {
    return this.nextIndex >= this.size;
  }
  next() {
    return this.dense[this.nextIndex++];
  }
  clear() {
    this.size = 0;
    this.nextIndex = 0;
  }
  contains(u) {
    return u < this.sparse.length && this.sparse[u] < this.size && this.dense[this.sparse[u]] === u;
  }
  insert(u) {
    if (!this.contains(u)) this.insertNew(u);
  }
  insertNew(u) {
    if (u >= this.sparse.length) return;
    this.sparse[u] = this.size;
    this.dense[this.size] = u;
    this.size++;
  }
};
var mergeRuneSets = (leftRunes, rightRunes, leftPC, rightPC) => {
  const leftLen = leftRunes.length;
  const rightLen = rightRunes.length;
  let lx = 0, rx = 0;
  const merged = [];
  const next = [];
  let ok = true;
  let ix = -1;
  const extend = (isLeft) => {
    const newArray = isLeft ? leftRunes : rightRunes;
    const low = isLeft ? lx : rx;
    const pc = isLeft ? leftPC : rightPC;
    if (ix > 0 && newArray[low] <= merged[ix]) return false;
    merged.push(newArray[low], newArray[low + 1]);
    if (isLeft) lx += 2;
    else rx += 2;
    ix += 2;
    next.push(pc);
    return true;
  };
  while (lx < leftLen || rx < rightLen) {
    if (rx >= rightLen) ok = extend(true);
    else if (lx >= leftLen) ok = extend(false);
    else if (rightRunes[rx] < leftRunes[lx]) ok = extend(false);
    else ok = extend(true);
    if (!ok) return null;
  }
  return {
    merged,
    next
  };
};
var OnePassProg = class {
  constructor(prog) {
    this.start = prog.start;
    this.numCap = prog.numCap;
    this.inst = new Array(prog.inst.length);
    for (let i = 0; i < prog.inst.length; i++) {
      const orig = prog.inst[i];
      const inst = new Inst(orig.op);
      inst.out = orig.out;
      inst.arg = orig.arg;
      inst.runes = orig.runes ? new Int32Array(orig.runes) : /* @__PURE__ */ new Int32Array(0);
      inst.next = null;
      this.inst[i] = inst;
    }
  }
};
var onePassCopy = (prog) => {
  const p = new OnePassProg(prog);
  for (let pc = 0; pc < p.inst.length; pc++) {
    const inst = p.inst[pc];
    if (inst.op !== Inst.ALT && inst.op !== Inst.ALT_MATCH) continue;
    let pAOther = "out";
    let pAAlt = "arg";
    let instAlt = p.inst[inst[pAAlt]];
    if (instAlt.op !== Inst.ALT && instAlt.op !== Inst.ALT_MATCH) {
      pAOther = "arg";
      pAAlt = "out";
      instAlt = p.inst[inst[pAAlt]];
      if (instAlt.op !== Inst.ALT && instAlt.op !== Inst.ALT_MATCH) continue;
    }
    const instOther = p.inst[inst[pAOther]];
    if (instOther.op === Inst.ALT || instOther.op === Inst.ALT_MATCH) continue;
    let pBAlt = "out";
    let pBOther = "arg";
    let patch = false;
    if (instAlt.out === pc) patch = true;
    else if (instAlt.arg === pc) {
      patch = true;
      pBAlt = "arg";
      pBOther = "out";
    }
    if (patch) instAlt[pBAlt] = inst[pAOther];
    if (inst[pAOther] === instAlt[pBAlt]) inst[pAAlt] = instAlt[pBOther];
  }
  return p;
};
var makeOnePass = (p) => {
  if (p.inst.length >= 1e3) return null;
  const instQueue = new QueueOnePass(p.inst.length);
  const visitQueue = new QueueOnePass(p.inst.length);
  const onePassRunes = new Array(p.inst.length);
  const m = new Array(p.inst.length).fill(false);
  const check = (pc) => {
    let ok = true;
    const inst = p.inst[pc];
    if (visitQueue.contains(pc)) return true;
    visitQueue.insert(pc);
    switch (inst.op) {
      case Inst.ALT:
      case Inst.ALT_MATCH: {
        ok = check(inst.out) && check(inst.arg);
        let matchOut = m[inst.out];
        let matchArg = m[inst.arg];
        if (matchOut && matchArg) return false;
        if (matchArg) {
          const tempOut = inst.out;
          inst.out = inst.arg;
          inst.arg = tempOut;
          const tempMatch = matchOut;
          matchOut = matchArg;
          matchArg = tempMatch;
        }
        if (matchOut) {
          m[pc] = true;
          inst.op = Inst.ALT_MATCH;
        }
        const leftRunes = onePassRunes[inst.out] || [];
        const rightRunes = onePassRunes[inst.arg] || [];
        const mergeRes = mergeRuneSets(leftRunes, rightRunes, inst.out, inst.arg);
        if (!mergeRes) return false;
        onePassRunes[pc] = new Int32Array(mergeRes.merged);
        inst.next = new Uint32Array(mergeRes.next);
        break;
      }
      case Inst.CAPTURE:
      case Inst.EMPTY_WIDTH:
      case Inst.NOP:
        ok = check(inst.out);
        m[pc] = m[inst.out];
        onePassRunes[pc] = onePassRunes[inst.out] ? new Int32Array(onePassRunes[inst.out]) : /* @__PURE__ */ new Int32Array(0);
        inst.next = new Uint32Array(Math.floor(onePassRunes[pc].length / 2) + 1).fill(inst.out);
        break;
      case Inst.MATCH:
      case Inst.FAIL:
        m[pc] = inst.op === Inst.MATCH;
        break;
      case Inst.RUNE: {
        m[pc] = false;
        if (inst.next && inst.next.length > 0) break;
        instQueue.insert(inst.out);
        if (!inst.runes || inst.runes.length === 0) {
          onePassRunes[pc] = /* @__PURE__ */ new Int32Array(0);
          inst.next = new Uint32Array([inst.out]);
          break;
        }
        let runes = [];
        if (inst.runes.length === 1 && (inst.arg & RE2Flags.FOLD_CASE) !== 0) {
          const r0 = inst.runes[0];
          runes.push(r0, r0);
          for (let r1 = Unicode.simpleFold(r0); r1 !== r0; r1 = Unicode.simpleFold(r1)) runes.push(r1, r1);
          runes.sort((a, b2) => a - b2);
        } else for (let j = 0; j < inst.runes.length; j++) runes.push(inst.runes[j]);
        onePassRunes[pc] = new Int32Array(runes);
        inst.next = new Uint32Array(Math.floor(runes.length / 2) + 1).fill(inst.out);
        inst.op = Inst.RUNE;
        break;
      }
      case Inst.RUNE1: {
        m[pc] = false;
        if (inst.next && inst.next.length > 0) break;
        instQueue.insert(inst.out);
        let runes = [];
        if ((inst.arg & RE2Flags.FOLD_CASE) !== 0) {
          const r0 = inst.runes[0];
          runes.push(r0, r0);
          for (let r1 = Unicode.simpleFold(r0); r1 !== r0; r1 = Unicode.simpleFold(r1)) runes.push(r1, r1);
          runes.sort((a, b2) => a - b2);
        } else runes.push(inst.runes[0], inst.runes[0]);
        onePassRunes[pc] = new Int32Array(runes);
        inst.next = new Uint32Array(Math.floor(runes.length / 2) + 1).fill(inst.out);
        inst.op = Inst.RUNE;
        break;
      }
      case Inst.RUNE_ANY:
        m[pc] = false;
        if (inst.next && inst.next.length > 0) break;
        instQueue.insert(inst.out);
        onePassRunes[pc] = new Int32Array([0, Unicode.MAX_RUNE]);
        inst.next = new Uint32Array([inst.out]);
        break;
      case Inst.RUNE_ANY_NOT_NL:
        m[pc] = false;
        if (inst.next && inst.next.length > 0) break;
        instQueue.insert(inst.out);
        onePassRunes[pc] = new Int32Array([
          0,
          9,
          11,
          Unicode.MAX_RUNE
        ]);
        inst.next = new Uint32Array(Math.floor(onePassRunes[pc].length / 2) + 1).fill(inst.out);
    }
    return ok;
  };
  instQueue.clear();
  instQueue.insert(p.start);
  while (!instQueue.empty()) {
    visitQueue.clear();
    if (!check(instQueue.next())) return null;
  }
  for (let i = 0; i < p.inst.length; i++) if (onePassRunes[i]) p.inst[i].runes = onePassRunes[i];
  return p;
};
var cleanupOnePass = (p, original) => {
  for (let ix = 0; ix < original.inst.length; ix++) {
    const instOriginal = original.inst[ix];
    switch (instOriginal.op) {
      case Inst.ALT:
      case Inst.ALT_MATCH:
      case Inst.RUNE:
        break;
      case Inst.CAPTURE:
      case Inst.EMPTY_WIDTH:
      case Inst.NOP:
      case Inst.MATCH:
      case Inst.FAIL:
        p.inst[ix].next = null;
        break;
      case Inst.RUNE1:
      case Inst.RUNE_ANY:
      case Inst.RUNE_ANY_NOT_NL:
        p.inst[ix].next = null;
        p.inst[ix].op = instOriginal.op;
        p.inst[ix].runes = instOriginal.runes ? new Int32Array(instOriginal.runes) : /* @__PURE__ */ new Int32Array(0);
    }
  }
};
var OnePass = class OnePass2 {
  static compile(prog) {
    if (prog.start === 0) return null;
    if (prog.numLb > 0) return null;
    const startInst = prog.inst[prog.start];
    if (startInst.op !== Inst.EMPTY_WIDTH || (startInst.arg & Utils.EMPTY_BEGIN_TEXT) === 0) return null;
    let hasAlt = false;
    for (let i = 0; i < prog.inst.length; i++) if (prog.inst[i].op === Inst.ALT || prog.inst[i].op === Inst.ALT_MATCH) {
      hasAlt = true;
      break;
    }
    for (let i = 0; i < prog.inst.length; i++) {
      const inst = prog.inst[i];
      const opOut = prog.inst[inst.out].op;
      switch (inst.op) {
        case Inst.ALT:
        case Inst.ALT_MATCH:
          if (opOut === Inst.MATCH || prog.inst[inst.arg].op === Inst.MATCH) return null;
          break;
        case Inst.EMPTY_WIDTH:
          if (opOut === Inst.MATCH) {
            if ((inst.arg & Utils.EMPTY_END_TEXT) === Utils.EMPTY_END_TEXT) continue;
            return null;
          }
          break;
        default:
          if (opOut === Inst.MATCH && hasAlt) return null;
      }
    }
    let p = onePassCopy(prog);
    p = makeOnePass(p);
    if (p !== null) cleanupOnePass(p, prog);
    return p;
  }
  static next(inst, r) {
    const nextIdx = inst.matchRunePos(r);
    if (nextIdx >= 0) return inst.next[nextIdx];
    if (inst.op === Inst.ALT_MATCH) return inst.out;
    return 0;
  }
  static execute(re2, input, pos, anchor, ncap) {
    const onepass = re2.onepass;
    if (!onepass) return null;
    const matchcap = new Int32Array(ncap).fill(-1);
    let matched = false;
    let r = input.step(pos);
    let rune = r >> 3;
    let width = r & 7;
    let r1 = MachineInputBase.EOF();
    let rune1 = -1;
    let width1 = 0;
    if (r !== MachineInputBase.EOF()) {
      r1 = input.step(pos + width);
      if (r1 !== MachineInputBase.EOF()) {
        rune1 = r1 >> 3;
        width1 = r1 & 7;
      }
    }
    let flag = pos === 0 ? Utils.emptyOpContext(-1, rune) : input.context(pos);
    let pc = onepass.start;
    let inst;
    while (true) {
      inst = onepass.inst[pc];
      pc = inst.out;
      switch (inst.op) {
        case Inst.MATCH:
          if (anchor === RE2Flags.ANCHOR_BOTH && pos !== input.endPos()) return null;
          matched = true;
          if (matchcap.length > 0) {
            matchcap[0] = 0;
            matchcap[1] = pos;
          }
          return ncap === 0 ? [] : Utils.toArray(matchcap);
        case Inst.RUNE:
          if (!inst.matchRune(rune)) return null;
          break;
        case Inst.RUNE1:
          if (rune !== inst.runes[0]) return null;
          break;
        case Inst.RUNE_ANY:
          break;
        case Inst.RUNE_ANY_NOT_NL:
          if (rune === 10) return null;
          break;
        case Inst.ALT:
        case Inst.ALT_MATCH:
          pc = OnePass2.next(inst, rune);
          continue;
        case Inst.FAIL:
          return null;
        case Inst.NOP:
          continue;
        case Inst.EMPTY_WIDTH:
          if ((inst.arg & ~flag) !== 0) return null;
          continue;
        case Inst.CAPTURE:
          if (inst.arg < matchcap.length) matchcap[inst.arg] = pos;
          continue;
        default:
          throw new RE2JSInternalException("bad inst");
      }
      if (width === 0) break;
      flag = Utils.emptyOpContext(rune, rune1);
      pos += width;
      rune = rune1;
      width = width1;
      if (rune !== -1) {
        r1 = input.step(pos + width);
        if (r1 !== MachineInputBase.EOF()) {
          rune1 = r1 >> 3;
          width1 = r1 & 7;
        } else {
          rune1 = -1;
          width1 = 0;
        }
      }
    }
    if (!matched) return null;
    return ncap === 0 ? [] : Utils.toArray(matchcap);
  }
};
var Regexp = class Regexp2 {
  static Op = createEnum([
    "NO_MATCH",
    "EMPTY_MATCH",
    "LITERAL",
    "CHAR_CLASS",
    "ANY_CHAR_NOT_NL",
    "ANY_CHAR",
    "BEGIN_LINE",
    "END_LINE",
    "BEGIN_TEXT",
    "END_TEXT",
    "WORD_BOUNDARY",
    "NO_WORD_BOUNDARY",
    "CAPTURE",
    "STAR",
    "PLUS",
    "QUEST",
    "REPEAT",
    "CONCAT",
    "ALTERNATE",
    "PLB",
    "NLB",
    "LEFT_PAREN",
    "VERTICAL_BAR"
  ]);
  static isPseudoOp(op) {
    return op >= Regexp2.Op.LEFT_PAREN;
  }
  static emptySubs() {
    return [];
  }
  static quoteIfHyphen(rune) {
    if (rune === Codepoint.CODES["-"]) return "\\";
    return "";
  }
  static fromRegexp(re) {
    const regex = new Regexp2(re.op);
    regex.flags = re.flags;
    regex.subs = re.subs;
    regex.runes = re.runes;
    regex.cap = re.cap;
    regex.min = re.min;
    regex.max = re.max;
    regex.name = re.name;
    regex.namedGroups = re.namedGroups;
    regex.lb = re.lb;
    return regex;
  }
  constructor(op) {
    this.op = op;
    this.flags = 0;
    this.subs = Regexp2.emptySubs();
    this.runes = /* @__PURE__ */ new Int32Array(0);
    this.min = 0;
    this.max = 0;
    this.cap = 0;
    this.name = null;
    this.namedGroups = /* @__PURE__ */ Object.create(null);
    this.lb = 0;
  }
  reinit() {
    this.flags = 0;
    this.subs = Regexp2.emptySubs();
    this.runes = /* @__PURE__ */ new Int32Array(0);
    this.cap = 0;
    this.min = 0;
    this.max = 0;
    this.name = null;
    this.namedGroups = /* @__PURE__ */ Object.create(null);
    this.lb = 0;
  }
  toString() {
    return this.appendTo();
  }
  appendTo() {
    let out = "";
    switch (this.op) {
      case Regexp2.Op.NO_MATCH:
        out += "[^\\x00-\\x{10FFFF}]";
        break;
      case Regexp2.Op.EMPTY_MATCH:
        out += "(?:)";
        break;
      case Regexp2.Op.STAR:
      case Regexp2.Op.PLUS:
      case Regexp2.Op.QUEST:
      case Regexp2.Op.REPEAT: {
        const sub = this.subs[0];
        if (sub.op > Regexp2.Op.CAPTURE || sub.op === Regexp2.Op.LITERAL && sub.runes.length > 1) out += `(?:${sub.appendTo()})`;
        else out += sub.appendTo();
        switch (this.op) {
          case Regexp2.Op.STAR:
            out += "*";
            break;
          case Regexp2.Op.PLUS:
            out += "+";
            break;
          case Regexp2.Op.QUEST:
            out += "?";
            break;
          case Regexp2.Op.REPEAT:
            out += `{${this.min}`;
            if (this.min !== this.max) {
              out += ",";
              if (this.max >= 0) out += this.max;
            }
            out += "}";
        }
        if ((this.flags & RE2Flags.NON_GREEDY) !== 0) out += "?";
        break;
      }
      case Regexp2.Op.CONCAT:
        for (let sub of this.subs) if (sub.op === Regexp2.Op.ALTERNATE) out += `(?:${sub.appendTo()})`;
        else out += sub.appendTo();
        break;
      case Regexp2.Op.ALTERNATE: {
        let sep2 = "";
        for (let sub of this.subs) {
          out += sep2;
          sep2 = "|";
          out += sub.appendTo();
        }
        break;
      }
      case Regexp2.Op.LITERAL:
        if ((this.flags & RE2Flags.FOLD_CASE) !== 0) out += "(?i:";
        for (let rune of this.runes) out += Utils.escapeRune(rune);
        if ((this.flags & RE2Flags.FOLD_CASE) !== 0) out += ")";
        break;
      case Regexp2.Op.ANY_CHAR_NOT_NL:
        out += "(?-s:.)";
        break;
      case Regexp2.Op.ANY_CHAR:
        out += "(?s:.)";
        break;
      case Regexp2.Op.PLB:
        out += `(?<=${this.subs[0].appendTo()})`;
        break;
      case Regexp2.Op.NLB:
        out += `(?<!${this.subs[0].appendTo()})`;
        break;
      case Regexp2.Op.CAPTURE:
        if (this.name === null || this.name.length === 0) out += "(";
        else out += `(?P<${this.name}>`;
        if (this.subs[0].op !== Regexp2.Op.EMPTY_MATCH) out += this.subs[0].appendTo();
        out += ")";
        break;
      case Regexp2.Op.BEGIN_TEXT:
        out += "\\A";
        break;
      case Regexp2.Op.END_TEXT:
        if ((this.flags & RE2Flags.WAS_DOLLAR) !== 0) out += "(?-m:$)";
        else out += "\\z";
        break;
      case Regexp2.Op.BEGIN_LINE:
        out += "^";
        break;
      case Regexp2.Op.END_LINE:
        out += "$";
        break;
      case Regexp2.Op.WORD_BOUNDARY:
        out += "\\b";
        break;
      case Regexp2.Op.NO_WORD_BOUNDARY:
        out += "\\B";
        break;
      case Regexp2.Op.CHAR_CLASS:
        if (this.runes.length % 2 !== 0) {
          out += "[invalid char class]";
          break;
        }
        out += "[";
        if (this.runes.length === 0) out += "^\\x00-\\x{10FFFF}";
        else if (this.runes[0] === 0 && this.runes[this.runes.length - 1] === Unicode.MAX_RUNE) {
          out += "^";
          for (let i = 1; i < this.runes.length - 1; i += 2) {
            const lo = this.runes[i] + 1;
            const hi = this.runes[i + 1] - 1;
            out += Regexp2.quoteIfHyphen(lo);
            out += Utils.escapeRune(lo);
            if (lo !== hi) {
              out += "-";
              out += Regexp2.quoteIfHyphen(hi);
              out += Utils.escapeRune(hi);
            }
          }
        } else for (let i = 0; i < this.runes.length; i += 2) {
          const lo = this.runes[i];
          const hi = this.runes[i + 1];
          out += Regexp2.quoteIfHyphen(lo);
          out += Utils.escapeRune(lo);
          if (lo !== hi) {
            out += "-";
            out += Regexp2.quoteIfHyphen(hi);
            out += Utils.escapeRune(hi);
          }
        }
        out += "]";
        break;
      default:
        out += this.op;
    }
    return out;
  }
  maxCap() {
    let m = 0;
    if (this.op === Regexp2.Op.CAPTURE) m = this.cap;
    if (this.subs !== null) for (let sub of this.subs) {
      const n = sub.maxCap();
      if (m < n) m = n;
    }
    return m;
  }
  equals(that) {
    if (!(that !== null && that instanceof Regexp2)) return false;
    if (this.op !== that.op) return false;
    switch (this.op) {
      case Regexp2.Op.END_TEXT:
        if ((this.flags & RE2Flags.WAS_DOLLAR) !== (that.flags & RE2Flags.WAS_DOLLAR)) return false;
        break;
      case Regexp2.Op.LITERAL:
      case Regexp2.Op.CHAR_CLASS:
        if ((this.flags & RE2Flags.FOLD_CASE) !== (that.flags & RE2Flags.FOLD_CASE)) return false;
        if (this.runes === null && that.runes === null) break;
        if (this.runes === null || that.runes === null) return false;
        if (this.runes.length !== that.runes.length) return false;
        for (let i = 0; i < this.runes.length; i++) if (this.runes[i] !== that.runes[i]) return false;
        break;
      case Regexp2.Op.ALTERNATE:
      case Regexp2.Op.CONCAT:
        if (this.subs.length !== that.subs.length) return false;
        for (let i = 0; i < this.subs.length; ++i) if (!this.subs[i].equals(that.subs[i])) return false;
        break;
      case Regexp2.Op.STAR:
      case Regexp2.Op.PLUS:
      case Regexp2.Op.QUEST:
        if ((this.flags & RE2Flags.NON_GREEDY) !== (that.flags & RE2Flags.NON_GREEDY) || !this.subs[0].equals(that.subs[0])) return false;
        break;
      case Regexp2.Op.REPEAT:
        if ((this.flags & RE2Flags.NON_GREEDY) !== (that.flags & RE2Flags.NON_GREEDY) || this.min !== that.min || this.max !== that.max || !this.subs[0].equals(that.subs[0])) return false;
        break;
      case Regexp2.Op.CAPTURE:
        if (this.cap !== that.cap || (this.name === null ? that.name !== null : this.name !== that.name) || !this.subs[0].equals(that.subs[0])) return false;
        break;
      case Regexp2.Op.PLB:
      case Regexp2.Op.NLB:
        if (this.lb !== that.lb || !this.subs[0].equals(that.subs[0])) return false;
    }
    return true;
  }
};
var RegexpWalker = class {
  static walk(root, handler) {
    const stack = [];
    let re = root;
    let result;
    for (; ; ) {
      if (re.subs.length === 0) result = handler.leaf(re);
      else {
        const state = handler.enter(re);
        if (state.result === void 0) {
          stack.push({
            re,
            state,
            i: 0
          });
          re = re.subs[0];
          continue;
        }
        result = state.result;
      }
      for (; ; ) {
        if (stack.length === 0) return result;
        const frame = stack[stack.length - 1];
        handler.child(frame.re, frame.state, result, frame.i);
        frame.i++;
        if (frame.state.result === void 0 && frame.i < frame.re.subs.length) {
          re = frame.re.subs[frame.i];
          break;
        }
        stack.pop();
        result = frame.state.result !== void 0 ? frame.state.result : handler.leave(frame.re, frame.state);
      }
    }
  }
};
var AhoCorasick = class {
  constructor(words, alphabetSize) {
    const edges = /* @__PURE__ */ new Map();
    const parent = [0];
    const unit = [0];
    const depth = [0];
    const terminal = [0];
    for (const word of words) {
      let node = 0;
      for (let i = 0; i < word.length; i++) {
        const key = node * alphabetSize + word[i];
        let child = edges.get(key);
        if (child === void 0) {
          child = parent.length;
          edges.set(key, child);
          parent.push(node);
          unit.push(word[i]);
          depth.push(depth[node] + 1);
          terminal.push(0);
        }
        node = child;
      }
      terminal[node] = 1;
    }
    const numNodes = parent.length;
    const children = new Int32Array(numNodes - 1);
    for (let c = 1; c < numNodes; c++) children[c - 1] = c;
    children.sort((a, b2) => parent[a] - parent[b2] || unit[a] - unit[b2]);
    const childStart = new Int32Array(numNodes + 1);
    for (let c = 1; c < numNodes; c++) childStart[parent[c] + 1]++;
    for (let n = 0; n < numNodes; n++) childStart[n + 1] += childStart[n];
    const childUnit = new Int32Array(numNodes - 1);
    for (let k = 0; k < children.length; k++) childUnit[k] = unit[children[k]];
    this.childStart = childStart;
    this.childUnit = childUnit;
    this.childNode = children;
    const byDepth = new Int32Array(numNodes);
    for (let n = 0; n < numNodes; n++) byDepth[n] = n;
    byDepth.sort((a, b2) => depth[a] - depth[b2]);
    const fail = new Int32Array(numNodes);
    const match = Uint8Array.from(terminal);
    for (let k = 1; k < numNodes; k++) {
      const c = byDepth[k];
      const p = parent[c];
      if (p !== 0) {
        let f = fail[p];
        let next = this.next(f, unit[c]);
        while (next < 0 && f !== 0) {
          f = fail[f];
          next = this.next(f, unit[c]);
        }
        fail[c] = next >= 0 ? next : 0;
      }
      match[c] |= match[fail[c]];
    }
    this.fail = fail;
    this.match = match;
  }
  next(node, u) {
    let lo = this.childStart[node];
    let hi = this.childStart[node + 1];
    const units = this.childUnit;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      const m = units[mid];
      if (m === u) return this.childNode[mid];
      if (m < u) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }
  advance(node, u) {
    for (; ; ) {
      const next = this.next(node, u);
      if (next >= 0) return next;
      if (node === 0) return 0;
      node = this.fail[node];
    }
  }
  searchUTF16(charSeq, start, end) {
    let node = 0;
    for (let i = start; i < end; i++) {
      node = this.advance(node, charSeq.charCodeAt(i));
      if (this.match[node] === 1) return true;
    }
    return false;
  }
  searchUTF8(bytes, start, end) {
    let node = 0;
    for (let i = start; i < end; i++) {
      node = this.advance(node, bytes[i]);
      if (this.match[node] === 1) return true;
    }
    return false;
  }
};
var Prefilter = class Prefilter2 {
  static Type = {
    NONE: 0,
    EXACT: 1,
    AND: 2,
    OR: 3
  };
  static MAX_SCANS = 32;
  static MAX_AC_UNITS = 1 << 18;
  constructor(type) {
    this.type = type;
    this.subs = [];
    this.str = "";
    this.bytes = null;
    this.cost = type === Prefilter2.Type.EXACT ? 1 : 0;
    this.allExact = false;
    this.ac16 = null;
    this.ac8 = null;
  }
  automaton16() {
    if (this.ac16 === null) {
      const words = this.subs.map((s) => {
        const arr = new Array(s.str.length);
        for (let i = 0; i < s.str.length; i++) arr[i] = s.str.charCodeAt(i);
        return arr;
      });
      this.ac16 = new AhoCorasick(words, 65536);
    }
    return this.ac16;
  }
  automaton8() {
    if (this.ac8 === null) this.ac8 = new AhoCorasick(this.subs.map((s) => s.bytes), 256);
    return this.ac8;
  }
  eval(input, pos) {
    switch (this.type) {
      case Prefilter2.Type.NONE:
        return true;
      case Prefilter2.Type.EXACT:
        return input.hasString(this, pos);
      case Prefilter2.Type.AND:
        for (let i = 0; i < this.subs.length; i++) if (!this.subs[i].eval(input, pos)) return false;
        return true;
      case Prefilter2.Type.OR:
        if (this.allExact) return input.hasAnyString(this, pos);
        for (let i = 0; i < this.subs.length; i++) if (this.subs[i].eval(input, pos)) return true;
        return false;
      default:
        return true;
    }
  }
};
var PrefilterTree = class PrefilterTree2 {
  static build(re) {
    if (!re) return new Prefilter(Prefilter.Type.NONE);
    return RegexpWalker.walk(re, PrefilterTree2.WALKER);
  }
  static WALKER = {
    leaf: (re) => PrefilterTree2.leaf(re),
    enter: (re) => PrefilterTree2.enter(re),
    child: (re, state, result) => PrefilterTree2.child(re, state, result),
    leave: (re, state) => PrefilterTree2.leave(re, state)
  };
  static leaf(re) {
    if (re.op !== Regexp.Op.LITERAL) return new Prefilter(Prefilter.Type.NONE);
    if (re.runes.length === 0 || (re.flags & RE2Flags.FOLD_CASE) !== 0) return new Prefilter(Prefilter.Type.NONE);
    let str = "";
    for (let i = 0; i < re.runes.length; i++) {
      if (Unicode.isUnsearchable(re.runes[i])) return new Prefilter(Prefilter.Type.NONE);
      str += String.fromCodePoint(re.runes[i]);
    }
    const pf = new Prefilter(Prefilter.Type.EXACT);
    pf.str = str;
    pf.bytes = Utils.stringToUtf8ByteArray(pf.str);
    return pf;
  }
  static enter(re) {
    switch (re.op) {
      case Regexp.Op.CAPTURE:
      case Regexp.Op.PLUS:
        return { sub: null };
      case Regexp.Op.REPEAT:
        if (re.min >= 1) return { sub: null };
        return { result: new Prefilter(Prefilter.Type.NONE) };
      case Regexp.Op.CONCAT:
        return {
          pf: new Prefilter(Prefilter.Type.AND),
          subs: []
        };
      case Regexp.Op.ALTERNATE:
        return {
          pf: new Prefilter(Prefilter.Type.OR),
          subs: []
        };
      default:
        return { result: new Prefilter(Prefilter.Type.NONE) };
    }
  }
  static child(re, state, s) {
    if (state.subs === void 0) {
      state.sub = s;
      return;
    }
    if (state.pf.type === Prefilter.Type.AND) {
      if (s.type === Prefilter.Type.NONE) return;
      if (s.type === Prefilter.Type.AND) {
        for (let j = 0; j < s.subs.length; j++) state.subs.push(s.subs[j]);
        return;
      }
      state.subs.push(s);
      return;
    }
    if (s.type === Prefilter.Type.NONE) {
      state.result = new Prefilter(Prefilter.Type.NONE);
      return;
    }
    if (s.type === Prefilter.Type.OR) {
      for (let j = 0; j < s.subs.length; j++) state.subs.push(s.subs[j]);
      return;
    }
    state.subs.push(s);
  }
  static leave(re, state) {
    if (state.subs === void 0) return state.sub;
    const pf = state.pf;
    const seen = /* @__PURE__ */ new Set();
    const subs = [];
    for (const sub of state.subs) {
      if (sub.type === Prefilter.Type.EXACT) {
        if (seen.has(sub.str)) continue;
        seen.add(sub.str);
      }
      subs.push(sub);
    }
    if (pf.type === Prefilter.Type.AND) {
      const kept = [];
      let cost2 = 0;
      for (const sub of subs) {
        if (cost2 + sub.cost > Prefilter.MAX_SCANS) continue;
        kept.push(sub);
        cost2 += sub.cost;
      }
      if (kept.length === 0) return new Prefilter(Prefilter.Type.NONE);
      if (kept.length === 1) return kept[0];
      pf.subs = kept;
      pf.cost = cost2;
      return pf;
    }
    if (subs.length === 0) return new Prefilter(Prefilter.Type.NONE);
    if (subs.length === 1) return subs[0];
    pf.subs = subs;
    let allExact = true;
    let cost = 0;
    let units = 0;
    for (const sub of subs) {
      if (sub.type !== Prefilter.Type.EXACT) allExact = false;
      else units += sub.bytes.length;
      cost += sub.cost;
    }
    if (allExact) {
      if (units > Prefilter.MAX_AC_UNITS) return new Prefilter(Prefilter.Type.NONE);
      pf.allExact = true;
      pf.cost = 1;
      return pf;
    }
    if (cost > Prefilter.MAX_SCANS) return new Prefilter(Prefilter.Type.NONE);
    pf.cost = cost;
    return pf;
  }
};
var PatchList = class {
  /**
  * @param {number} head - Encoded pointer to the start of the patch list.
  * @param {number} tail - Encoded pointer to the end of the patch list.
  */
  constructor(head = 0, tail = 0) {
    this.head = head;
    this.tail = tail;
  }
};
var Prog = class {
  constructor() {
    this.inst = [];
    this.start = 0;
    this.numCap = 2;
    this.lbStarts = [];
    this.numLb = 0;
    this.lbInst = null;
  }
  getInst(pc) {
    return this.inst[pc];
  }
  numInst() {
    return this.inst.length;
  }
  addInst(op) {
    this.inst.push(new Inst(op));
  }
  markLookbehindInsts() {
    const lbInst = new Uint8Array(this.inst.length);
    const pending = this.lbStarts.slice();
    while (pending.length > 0) {
      const pc = pending.pop();
      if (pc === 0 || lbInst[pc] === 1) continue;
      lbInst[pc] = 1;
      const i = this.inst[pc];
      switch (i.op) {
        case Inst.ALT:
        case Inst.ALT_MATCH:
          pending.push(i.out, i.arg);
          break;
        case Inst.MATCH:
        case Inst.FAIL:
          break;
        default:
          pending.push(i.out);
      }
    }
    this.lbInst = lbInst;
  }
  skipNop(pc) {
    let i = this.inst[pc];
    while (i.op === Inst.NOP || i.op === Inst.CAPTURE) {
      i = this.inst[pc];
      pc = i.out;
    }
    return i;
  }
  /** @returns {[boolean, string]} */
  prefix() {
    let prefix = "";
    let i = this.skipNop(this.start);
    if (!Inst.isRuneOp(i.op) || i.runes.length !== 1) return [i.op === Inst.MATCH, prefix];
    while (Inst.isRuneOp(i.op) && i.runes.length === 1 && (i.arg & RE2Flags.FOLD_CASE) === 0 && !Unicode.isUnsearchable(i.runes[0])) {
      prefix += String.fromCodePoint(i.runes[0]);
      i = this.skipNop(i.out);
    }
    return [i.op === Inst.MATCH, prefix];
  }
  startCond() {
    let flag = 0;
    let pc = this.start;
    loop: for (; ; ) {
      const i = this.inst[pc];
      switch (i.op) {
        case Inst.EMPTY_WIDTH:
          flag |= i.arg;
          break;
        case Inst.FAIL:
          return -1;
        case Inst.CAPTURE:
        case Inst.NOP:
          break;
        default:
          break loop;
      }
      pc = i.out;
    }
    return flag;
  }
  patch(l, val) {
    let head = l.head;
    while (head !== 0) {
      const i = this.inst[head >> 1];
      if ((head & 1) === 0) {
        head = i.out;
        i.out = val;
      } else {
        head = i.arg;
        i.arg = val;
      }
    }
  }
  append(l1, l2) {
    if (l1.head === 0) return l2;
    if (l2.head === 0) return l1;
    const i = this.inst[l1.tail >> 1];
    if ((l1.tail & 1) === 0) i.out = l2.head;
    else i.arg = l2.head;
    return new PatchList(l1.head, l2.tail);
  }
  /**
  *
  * @returns {string}
  */
  toString() {
    let out = "";
    for (let pc = 0; pc < this.inst.length; pc++) {
      const len = out.length;
      out += pc;
      if (pc === this.start) out += "*";
      out += "        ".substring(out.length - len);
      out += this.inst[pc];
      out += "\n";
    }
    return out;
  }
};
var ANY_RUNE_NOT_NL = new Int32Array([
  0,
  Codepoint.CODES["\n"] - 1,
  Codepoint.CODES["\n"] + 1,
  Unicode.MAX_RUNE
]);
var ANY_RUNE = new Int32Array([0, Unicode.MAX_RUNE]);
var Frag = class {
  constructor(i = 0, out = new PatchList(), nullable = false) {
    this.i = i;
    this.out = out;
    this.nullable = nullable;
  }
};
var Compiler = class Compiler2 {
  static compileRegexp(re) {
    const c = new Compiler2();
    const f = c.compile(re);
    c.prog.patch(f.out, c.newInst(Inst.MATCH).i);
    c.prog.start = f.i;
    c.prog.markLookbehindInsts();
    return c.prog;
  }
  static compileSet(regexps) {
    const c = new Compiler2();
    if (regexps.length === 0) {
      c.prog.start = c.newInst(Inst.FAIL).i;
      c.prog.markLookbehindInsts();
      return c.prog;
    }
    let starts = [];
    for (let i = 0; i < regexps.length; i++) {
      c.lbOffset = c.prog.numLb;
      const f = c.compile(regexps[i]);
      const m = c.newInst(Inst.MATCH);
      c.prog.getInst(m.i).arg = i;
      c.prog.patch(f.out, m.i);
      starts.push(f.i);
    }
    let start = starts[0];
    for (let i = 1; i < starts.length; i++) {
      const f = c.newInst(Inst.ALT);
      const inst = c.prog.getInst(f.i);
      inst.out = start;
      inst.arg = starts[i];
      start = f.i;
    }
    c.prog.start = start;
    c.prog.markLookbehindInsts();
    return c.prog;
  }
  constructor() {
    this.prog = new Prog();
    this.newInst(Inst.FAIL);
    this.lbOffset = 0;
    this.runeCache = /* @__PURE__ */ new Map();
    this.walker = {
      leaf: (re) => this.leaf(re),
      enter: (re) => this.enter(re),
      child: (re, state, result) => this.child(re, state, result),
      leave: (re, state) => this.leave(re, state)
    };
  }
  newInst(op) {
    this.prog.addInst(op);
    return new Frag(this.prog.numInst() - 1, new PatchList(), true);
  }
  nop() {
    const f = this.newInst(Inst.NOP);
    f.out = new PatchList(f.i << 1, f.i << 1);
    return f;
  }
  fail() {
    return new Frag();
  }
  cap(arg) {
    const f = this.newInst(Inst.CAPTURE);
    f.out = new PatchList(f.i << 1, f.i << 1);
    this.prog.getInst(f.i).arg = arg;
    if (this.prog.numCap < arg + 1) this.prog.numCap = arg + 1;
    return f;
  }
  cat(f1, f2) {
    if (f1.i === 0 || f2.i === 0) {
      this.prog.patch(f1.out, 0);
      this.prog.patch(f2.out, 0);
      return this.fail();
    }
    this.prog.patch(f1.out, f2.i);
    return new Frag(f1.i, f2.out, f1.nullable && f2.nullable);
  }
  alt(f1, f2) {
    if (f1.i === 0) return f2;
    if (f2.i === 0) return f1;
    const f = this.newInst(Inst.ALT);
    const i = this.prog.getInst(f.i);
    i.out = f1.i;
    i.arg = f2.i;
    f.out = this.prog.append(f1.out, f2.out);
    f.nullable = f1.nullable || f2.nullable;
    return f;
  }
  loop(f1, nongreedy) {
    const f = this.newInst(Inst.ALT);
    const i = this.prog.getInst(f.i);
    if (nongreedy) {
      i.arg = f1.i;
      f.out = new PatchList(f.i << 1, f.i << 1);
    } else {
      i.out = f1.i;
      f.out = new PatchList(f.i << 1 | 1, f.i << 1 | 1);
    }
    this.prog.patch(f1.out, f.i);
    return f;
  }
  quest(f1, nongreedy) {
    if (f1.i === 0) return this.nop();
    const f = this.newInst(Inst.ALT);
    const i = this.prog.getInst(f.i);
    if (nongreedy) {
      i.arg = f1.i;
      f.out = new PatchList(f.i << 1, f.i << 1);
    } else {
      i.out = f1.i;
      f.out = new PatchList(f.i << 1 | 1, f.i << 1 | 1);
    }
    f.out = this.prog.append(f.out, f1.out);
    return f;
  }
  star(f1, nongreedy) {
    if (f1.i === 0) return this.nop();
    if (f1.nullable) return this.quest(this.plus(f1, nongreedy), nongreedy);
    return this.loop(f1, nongreedy);
  }
  plus(f1, nongreedy) {
    if (f1.i === 0) return this.fail();
    return new Frag(f1.i, this.loop(f1, nongreedy).out, f1.nullable);
  }
  empty(op) {
    const f = this.newInst(Inst.EMPTY_WIDTH);
    this.prog.getInst(f.i).arg = op;
    f.out = new PatchList(f.i << 1, f.i << 1);
    return f;
  }
  rune(runes, flags) {
    const f = this.newInst(Inst.RUNE);
    f.nullable = false;
    const i = this.prog.getInst(f.i);
    i.runes = runes;
    flags &= RE2Flags.FOLD_CASE;
    if (runes.length !== 1 || Unicode.simpleFold(runes[0]) === runes[0]) flags &= ~RE2Flags.FOLD_CASE;
    i.arg = flags;
    f.out = new PatchList(f.i << 1, f.i << 1);
    if ((flags & RE2Flags.FOLD_CASE) === 0 && runes.length === 1 || runes.length === 2 && runes[0] === runes[1]) i.op = Inst.RUNE1;
    else if (runes.length === 2 && runes[0] === 0 && runes[1] === Unicode.MAX_RUNE) i.op = Inst.RUNE_ANY;
    else if (runes.length === 4 && runes[0] === 0 && runes[1] === Codepoint.CODES["\n"] - 1 && runes[2] === Codepoint.CODES["\n"] + 1 && runes[3] === Unicode.MAX_RUNE) i.op = Inst.RUNE_ANY_NOT_NL;
    return f;
  }
  lookBehind(a, parsedLb) {
    const lb = Math.sign(parsedLb) * (Math.abs(parsedLb) + this.lbOffset);
    const id = this.newInst(Inst.LB_WRITE);
    this.prog.getInst(id.i).arg = lb;
    const any = this.rune(ANY_RUNE, 0);
    const dotStar = this.star(any, true);
    const lbAutomaton = this.cat(dotStar, a);
    this.prog.patch(lbAutomaton.out, id.i);
    const checkId = this.newInst(Inst.LB_CHECK);
    this.prog.getInst(checkId.i).arg = lb;
    this.prog.lbStarts.push(lbAutomaton.i);
    if (Math.abs(lb) > this.prog.numLb) this.prog.numLb = Math.abs(lb);
    checkId.out = new PatchList(checkId.i << 1, checkId.i << 1);
    return checkId;
  }
  compile(re) {
    return RegexpWalker.walk(re, this.walker);
  }
  leaf(re) {
    switch (re.op) {
      case Regexp.Op.NO_MATCH:
        return this.fail();
      case Regexp.Op.EMPTY_MATCH:
        return this.nop();
      case Regexp.Op.LITERAL: {
        if (re.runes.length === 0) return this.nop();
        let f = null;
        for (let r of re.runes) {
          let singleRune = this.runeCache.get(r);
          if (singleRune === void 0) {
            singleRune = new Int32Array([r]);
            this.runeCache.set(r, singleRune);
          }
          const f1 = this.rune(singleRune, re.flags);
          f = f === null ? f1 : this.cat(f, f1);
        }
        return f;
      }
      case Regexp.Op.CHAR_CLASS:
        return this.rune(re.runes, re.flags);
      case Regexp.Op.ANY_CHAR_NOT_NL:
        return this.rune(ANY_RUNE_NOT_NL, 0);
      case Regexp.Op.ANY_CHAR:
        return this.rune(ANY_RUNE, 0);
      case Regexp.Op.BEGIN_LINE:
        return this.empty(Utils.EMPTY_BEGIN_LINE);
      case Regexp.Op.END_LINE:
        return this.empty(Utils.EMPTY_END_LINE);
      case Regexp.Op.BEGIN_TEXT:
        return this.empty(Utils.EMPTY_BEGIN_TEXT);
      case Regexp.Op.END_TEXT:
        return this.empty(Utils.EMPTY_END_TEXT);
      case Regexp.Op.WORD_BOUNDARY:
        return this.empty(Utils.EMPTY_WORD_BOUNDARY);
      case Regexp.Op.NO_WORD_BOUNDARY:
        return this.empty(Utils.EMPTY_NO_WORD_BOUNDARY);
      case Regexp.Op.CONCAT:
      case Regexp.Op.ALTERNATE:
        return this.nop();
      default:
        throw new RE2JSCompileException("regexp: unhandled case in compile");
    }
  }
  enter(re) {
    switch (re.op) {
      case Regexp.Op.PLB:
      case Regexp.Op.NLB:
      case Regexp.Op.STAR:
      case Regexp.Op.PLUS:
      case Regexp.Op.QUEST:
        return { sub: null };
      case Regexp.Op.CAPTURE:
        return {
          bra: this.cap(re.cap << 1),
          sub: null
        };
      case Regexp.Op.CONCAT:
      case Regexp.Op.ALTERNATE:
        return { f: null };
      default:
        throw new RE2JSCompileException("regexp: unhandled case in compile");
    }
  }
  child(re, state, f1) {
    if (re.op === Regexp.Op.CONCAT) state.f = state.f === null ? f1 : this.cat(state.f, f1);
    else if (re.op === Regexp.Op.ALTERNATE) state.f = state.f === null ? f1 : this.alt(state.f, f1);
    else state.sub = f1;
  }
  leave(re, state) {
    switch (re.op) {
      case Regexp.Op.PLB:
      case Regexp.Op.NLB:
        return this.lookBehind(state.sub, re.lb);
      case Regexp.Op.CAPTURE: {
        const ket = this.cap(re.cap << 1 | 1);
        return this.cat(this.cat(state.bra, state.sub), ket);
      }
      case Regexp.Op.STAR:
        return this.star(state.sub, (re.flags & RE2Flags.NON_GREEDY) !== 0);
      case Regexp.Op.PLUS:
        return this.plus(state.sub, (re.flags & RE2Flags.NON_GREEDY) !== 0);
      case Regexp.Op.QUEST:
        return this.quest(state.sub, (re.flags & RE2Flags.NON_GREEDY) !== 0);
      case Regexp.Op.CONCAT:
      case Regexp.Op.ALTERNATE:
        return state.f;
      default:
        throw new RE2JSCompileException("regexp: unhandled case in compile");
    }
  }
};
var Simplify = class Simplify2 {
  static simplify(re) {
    if (re === null) return null;
    return RegexpWalker.walk(re, Simplify2.WALKER);
  }
  static WALKER = {
    leaf: (re) => Simplify2.leaf(re),
    enter: (re) => Simplify2.enter(re),
    child: (re, state, result, i) => Simplify2.child(re, state, result, i),
    leave: (re, state) => Simplify2.leave(re, state)
  };
  static leaf(re) {
    if (re.op === Regexp.Op.CHAR_CLASS) {
      if (re.runes === null) return re;
      if (re.runes.length === 0) return new Regexp(Regexp.Op.NO_MATCH);
      if (re.runes.length === 2 && re.runes[0] === 0 && re.runes[1] === Unicode.MAX_RUNE) return new Regexp(Regexp.Op.ANY_CHAR);
      if (re.runes.length === 4 && re.runes[0] === 0 && re.runes[1] === Codepoint.CODES["\n"] - 1 && re.runes[2] === Codepoint.CODES["\n"] + 1 && re.runes[3] === Unicode.MAX_RUNE) return new Regexp(Regexp.Op.ANY_CHAR_NOT_NL);
    }
    return re;
  }
  static enter(re) {
    switch (re.op) {
      case Regexp.Op.PLB:
      case Regexp.Op.NLB:
      case Regexp.Op.CAPTURE:
      case Regexp.Op.STAR:
      case Regexp.Op.PLUS:
      case Regexp.Op.QUEST:
        return { sub: null };
      case Regexp.Op.CONCAT:
      case Regexp.Op.ALTERNATE:
        return {
          subs: [],
          changed: false
        };
      case Regexp.Op.REPEAT:
        if (re.min === 0 && re.max === 0) return { result: new Regexp(Regexp.Op.EMPTY_MATCH) };
        return { sub: null };
      default:
        return { result: re };
    }
  }
  static child(re, state, nsub, i) {
    if (state.subs === void 0) {
      state.sub = nsub;
      return;
    }
    if (nsub !== re.subs[i]) state.changed = true;
    if (re.op === Regexp.Op.CONCAT) {
      if (nsub.op === Regexp.Op.NO_MATCH) {
        state.result = new Regexp(Regexp.Op.NO_MATCH);
        return;
      }
      if (nsub.op === Regexp.Op.EMPTY_MATCH) {
        state.changed = true;
        return;
      }
      if (nsub.op === Regexp.Op.CONCAT) {
        state.changed = true;
        for (let j = 0; j < nsub.subs.length; j++) state.subs.push(nsub.subs[j]);
        return;
      }
    } else {
      if (nsub.op === Regexp.Op.NO_MATCH) {
        state.changed = true;
        return;
      }
      if (nsub.op === Regexp.Op.ALTERNATE) {
        state.changed = true;
        for (let j = 0; j < nsub.subs.length; j++) state.subs.push(nsub.subs[j]);
        return;
      }
    }
    state.subs.push(nsub);
  }
  static leave(re, state) {
    switch (re.op) {
      case Regexp.Op.PLB:
      case Regexp.Op.NLB:
      case Regexp.Op.CAPTURE: {
        const sub = state.sub;
        if (sub !== re.subs[0]) {
          const nre = Regexp.fromRegexp(re);
          nre.runes = /* @__PURE__ */ new Int32Array(0);
          nre.subs = [sub];
          return nre;
        }
        return re;
      }
      case Regexp.Op.CONCAT:
      case Regexp.Op.ALTERNATE:
        if (state.changed) {
          const newSubs = state.subs;
          if (newSubs.length === 0) return new Regexp(re.op === Regexp.Op.CONCAT ? Regexp.Op.EMPTY_MATCH : Regexp.Op.NO_MATCH);
          if (newSubs.length === 1) return newSubs[0];
          const nre = Regexp.fromRegexp(re);
          nre.runes = /* @__PURE__ */ new Int32Array(0);
          nre.subs = newSubs;
          return nre;
        }
        return re;
      case Regexp.Op.STAR:
      case Regexp.Op.PLUS:
      case Regexp.Op.QUEST:
        return Simplify2.simplify1(re.op, re.flags, state.sub, re);
      case Regexp.Op.REPEAT:
        return Simplify2.simplifyRepeat(re, state.sub);
      default:
        return re;
    }
  }
  static simplifyRepeat(re, sub) {
    if (re.max === -1) {
      if (re.min === 0) return Simplify2.simplify1(Regexp.Op.STAR, re.flags, sub, null);
      if (re.min === 1) return Simplify2.simplify1(Regexp.Op.PLUS, re.flags, sub, null);
      const subs = [];
      for (let i = 0; i < re.min - 1; i++) subs.push(sub);
      subs.push(Simplify2.simplify1(Regexp.Op.PLUS, re.flags, sub, null));
      return Simplify2.concat(subs);
    }
    if (re.min === 1 && re.max === 1) return sub;
    let prefixSubs = null;
    if (re.min > 0) {
      prefixSubs = [];
      for (let i = 0; i < re.min; i++) prefixSubs.push(sub);
    }
    if (re.max > re.min) {
      let suffix = Simplify2.simplify1(Regexp.Op.QUEST, re.flags, sub, null);
      for (let i = re.min + 1; i < re.max; i++) suffix = Simplify2.simplify1(Regexp.Op.QUEST, re.flags, Simplify2.concat([sub, suffix]), null);
      if (prefixSubs === null) return suffix;
      prefixSubs.push(suffix);
    }
    if (prefixSubs !== null) return Simplify2.concat(prefixSubs);
    return new Regexp(Regexp.Op.NO_MATCH);
  }
  static concat(subs) {
    const newSubs = [];
    for (let i = 0; i < subs.length; i++) {
      const sub = subs[i];
      if (sub.op === Regexp.Op.NO_MATCH) return new Regexp(Regexp.Op.NO_MATCH);
      if (sub.op === Regexp.Op.EMPTY_MATCH) continue;
      if (sub.op === Regexp.Op.CONCAT) {
        for (let j = 0; j < sub.subs.length; j++) newSubs.push(sub.subs[j]);
        continue;
      }
      newSubs.push(sub);
    }
    if (newSubs.length === 0) return new Regexp(Regexp.Op.EMPTY_MATCH);
    if (newSubs.length === 1) return newSubs[0];
    const nre = new Regexp(Regexp.Op.CONCAT);
    nre.subs = newSubs;
    return nre;
  }
  static simplify1(op, flags, sub, re) {
    if (sub.op === Regexp.Op.EMPTY_MATCH) return sub;
    if (sub.op === Regexp.Op.NO_MATCH) {
      if (op === Regexp.Op.PLUS) return sub;
      return new Regexp(Regexp.Op.EMPTY_MATCH);
    }
    if (op === sub.op && (flags & RE2Flags.NON_GREEDY) === (sub.flags & RE2Flags.NON_GREEDY)) return sub;
    if (re !== null && re.op === op && (re.flags & RE2Flags.NON_GREEDY) === (flags & RE2Flags.NON_GREEDY) && sub === re.subs[0]) return re;
    const nre = new Regexp(op);
    nre.flags = flags;
    nre.subs = [sub];
    return nre;
  }
};
var CharGroup = class {
  constructor(sign, cls) {
    this.sign = sign;
    this.cls = cls;
  }
};
var code1 = [48, 57];
var code2 = [
  9,
  10,
  12,
  13,
  32,
  32
];
var code3 = [
  48,
  57,
  65,
  90,
  95,
  95,
  97,
  122
];
var PERL_GROUPS = /* @__PURE__ */ new Map([
  ["\\d", new CharGroup(1, code1)],
  ["\\D", new CharGroup(-1, code1)],
  ["\\s", new CharGroup(1, code2)],
  ["\\S", new CharGroup(-1, code2)],
  ["\\w", new CharGroup(1, code3)],
  ["\\W", new CharGroup(-1, code3)]
]);
var code4 = [
  48,
  57,
  65,
  90,
  97,
  122
];
var code5 = [
  65,
  90,
  97,
  122
];
var code6 = [0, 127];
var code7 = [
  9,
  9,
  32,
  32
];
var code8 = [
  0,
  31,
  127,
  127
];
var code9 = [48, 57];
var code10 = [33, 126];
var code11 = [97, 122];
var code12 = [32, 126];
var code13 = [
  33,
  47,
  58,
  64,
  91,
  96,
  123,
  126
];
var code14 = [
  9,
  13,
  32,
  32
];
var code15 = [65, 90];
var code16 = [
  48,
  57,
  65,
  90,
  95,
  95,
  97,
  122
];
var code17 = [
  48,
  57,
  65,
  70,
  97,
  102
];
var POSIX_GROUPS = /* @__PURE__ */ new Map([
  ["[:alnum:]", new CharGroup(1, code4)],
  ["[:^alnum:]", new CharGroup(-1, code4)],
  ["[:alpha:]", new CharGroup(1, code5)],
  ["[:^alpha:]", new CharGroup(-1, code5)],
  ["[:ascii:]", new CharGroup(1, code6)],
  ["[:^ascii:]", new CharGroup(-1, code6)],
  ["[:blank:]", new CharGroup(1, code7)],
  ["[:^blank:]", new CharGroup(-1, code7)],
  ["[:cntrl:]", new CharGroup(1, code8)],
  ["[:^cntrl:]", new CharGroup(-1, code8)],
  ["[:digit:]", new CharGroup(1, code9)],
  ["[:^digit:]", new CharGroup(-1, code9)],
  ["[:graph:]", new CharGroup(1, code10)],
  ["[:^graph:]", new CharGroup(-1, code10)],
  ["[:lower:]", new CharGroup(1, code11)],
  ["[:^lower:]", new CharGroup(-1, code11)],
  ["[:print:]", new CharGroup(1, code12)],
  ["[:^print:]", new CharGroup(-1, code12)],
  ["[:punct:]", new CharGroup(1, code13)],
  ["[:^punct:]", new CharGroup(-1, code13)],
  ["[:space:]", new CharGroup(1, code14)],
  ["[:^space:]", new CharGroup(-1, code14)],
  ["[:upper:]", new CharGroup(1, code15)],
  ["[:^upper:]", new CharGroup(-1, code15)],
  ["[:word:]", new CharGroup(1, code16)],
  ["[:^word:]", new CharGroup(-1, code16)],
  ["[:xdigit:]", new CharGroup(1, code17)],
  ["[:^xdigit:]", new CharGroup(-1, code17)]
]);
var CharClass = class CharClass2 {
  static charClassToString(r, len) {
    let result = "[";
    for (let i = 0; i < len; i += 2) {
      if (i > 0) result += " ";
      const lo = r[i];
      const hi = r[i + 1];
      if (lo === hi) result += `0x${lo.toString(16)}`;
      else result += `0x${lo.toString(16)}-0x${hi.toString(16)}`;
    }
    result += "]";
    return result;
  }
  static sortRanges(array, len) {
    const n = len >> 1;
    const order = new Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b2) => array[2 * a] - array[2 * b2] || array[2 * b2 + 1] - array[2 * a + 1]);
    const sorted = array.slice(0, len);
    for (let i = 0; i < n; i++) {
      array[2 * i] = sorted[2 * order[i]];
      array[2 * i + 1] = sorted[2 * order[i] + 1];
    }
  }
  /**
  * @param {number[]|Int32Array} [r]
  */
  constructor(r = Utils.emptyInts()) {
    this.r = r;
    this.len = r.length;
  }
  toArray() {
    if (this.r instanceof Int32Array) return this.len === this.r.length ? this.r : this.r.subarray(0, this.len);
    return new Int32Array(this.len === this.r.length ? this.r : this.r.slice(0, this.len));
  }
  toGrowableArray() {
    if (Array.isArray(this.r)) {
      this.r.length = this.len;
      return this.r;
    }
    return Array.from(this.r.subarray(0, this.len));
  }
  cleanClass() {
    if (this.len < 4) return this;
    CharClass2.sortRanges(this.r, this.len);
    let w = 2;
    for (let i = 2; i < this.len; i += 2) {
      const lo = this.r[i];
      const hi = this.r[i + 1];
      if (lo <= this.r[w - 1] + 1) {
        if (hi > this.r[w - 1]) this.r[w - 1] = hi;
        continue;
      }
      this.r[w] = lo;
      this.r[w + 1] = hi;
      w += 2;
    }
    this.len = w;
    return this;
  }
  appendLiteral(x, flags) {
    return (flags & RE2Flags.FOLD_CASE) !== 0 ? this.appendFoldedRange(x, x) : this.appendRange(x, x);
  }
  appendRange(lo, hi) {
    if (this.len > 0) {
      for (let i = 2; i <= 4; i += 2) if (this.len >= i) {
        const rlo = this.r[this.len - i];
        const rhi = this.r[this.len - i + 1];
        if (lo <= rhi + 1 && rlo <= hi + 1) {
          if (lo < rlo) this.r[this.len - i] = lo;
          if (hi > rhi) this.r[this.len - i + 1] = hi;
          return this;
        }
      }
    }
    this.r[this.len++] = lo;
    this.r[this.len++] = hi;
    return this;
  }
  appendFoldedRange(lo, hi) {
    if (lo <= Unicode.MIN_FOLD && hi >= Unicode.MAX_FOLD) return this.appendRange(lo, hi);
    if (hi < Unicode.MIN_FOLD || lo > Unicode.MAX_FOLD) return this.appendRange(lo, hi);
    if (lo < Unicode.MIN_FOLD) {
      this.appendRange(lo, Unicode.MIN_FOLD - 1);
      lo = Unicode.MIN_FOLD;
    }
    if (hi > Unicode.MAX_FOLD) {
      this.appendRange(Unicode.MAX_FOLD + 1, hi);
      hi = Unicode.MAX_FOLD;
    }
    for (let c = lo; c <= hi; c++) {
      this.appendRange(c, c);
      for (let f = Unicode.simpleFold(c); f !== c; f = Unicode.simpleFold(f)) this.appendRange(f, f);
    }
    return this;
  }
  appendClass(x) {
    for (let i = 0; i < x.length; i += 2) this.appendRange(x[i], x[i + 1]);
    return this;
  }
  appendFoldedClass(x) {
    for (let i = 0; i < x.length; i += 2) this.appendFoldedRange(x[i], x[i + 1]);
    return this;
  }
  appendNegatedClass(x) {
    let nextLo = 0;
    for (let i = 0; i < x.length; i += 2) {
      const lo = x[i];
      const hi = x[i + 1];
      if (nextLo <= lo - 1) this.appendRange(nextLo, lo - 1);
      nextLo = hi + 1;
    }
    if (nextLo <= Unicode.MAX_RUNE) this.appendRange(nextLo, Unicode.MAX_RUNE);
    return this;
  }
  appendTable(table) {
    for (let i = 0; i < table.length; ++i) {
      const lo = table.getLo(i);
      const hi = table.getHi(i);
      const stride = table.getStride(i);
      if (stride === 1) {
        this.appendRange(lo, hi);
        continue;
      }
      for (let c = lo; c <= hi; c += stride) this.appendRange(c, c);
    }
    return this;
  }
  appendNegatedTable(table) {
    let nextLo = 0;
    for (let i = 0; i < table.length; ++i) {
      const lo = table.getLo(i);
      const hi = table.getHi(i);
      const stride = table.getStride(i);
      if (stride === 1) {
        if (nextLo <= lo - 1) this.appendRange(nextLo, lo - 1);
        nextLo = hi + 1;
        continue;
      }
      for (let c = lo; c <= hi; c += stride) {
        if (nextLo <= c - 1) this.appendRange(nextLo, c - 1);
        nextLo = c + 1;
      }
    }
    if (nextLo <= Unicode.MAX_RUNE) this.appendRange(nextLo, Unicode.MAX_RUNE);
    return this;
  }
  appendTableWithSign(table, sign) {
    return sign < 0 ? this.appendNegatedTable(table) : this.appendTable(table);
  }
  negateClass() {
    let nextLo = 0;
    let w = 0;
    for (let i = 0; i < this.len; i += 2) {
      const lo = this.r[i];
      const hi = this.r[i + 1];
      if (nextLo <= lo - 1) {
        this.r[w] = nextLo;
        this.r[w + 1] = lo - 1;
        w += 2;
      }
      nextLo = hi + 1;
    }
    this.len = w;
    if (nextLo <= Unicode.MAX_RUNE) {
      this.r[this.len++] = nextLo;
      this.r[this.len++] = Unicode.MAX_RUNE;
    }
    return this;
  }
  appendClassWithSign(x, sign) {
    return sign < 0 ? this.appendNegatedClass(x) : this.appendClass(x);
  }
  appendGroup(g, foldCase) {
    let cls = g.cls;
    if (foldCase) cls = new CharClass2().appendFoldedClass(cls).cleanClass().toArray();
    return this.appendClassWithSign(cls, g.sign);
  }
  toString() {
    return CharClass2.charClassToString(this.r, this.len);
  }
};
var StringIterator = class {
  constructor(str) {
    this.str = str;
    this.position = 0;
  }
  pos() {
    return this.position;
  }
  rewindTo(pos) {
    this.position = pos;
  }
  more() {
    return this.position < this.str.length;
  }
  peek() {
    return this.str.codePointAt(this.position);
  }
  skip(n) {
    this.position += n;
  }
  skipString(s) {
    this.position += s.length;
  }
  pop() {
    const r = this.str.codePointAt(this.position);
    this.position += Utils.charCount(r);
    return r;
  }
  lookingAt(s) {
    return this.str.startsWith(s, this.position);
  }
  rest() {
    return this.str.substring(this.position);
  }
  from(beforePos) {
    return this.str.substring(beforePos, this.position);
  }
  toString() {
    return this.rest();
  }
};
var Parser = class Parser2 {
  static ERR_INTERNAL_ERROR = "regexp/syntax: internal error";
  static ERR_INVALID_CHAR_RANGE = "invalid character class range";
  static ERR_INVALID_ESCAPE = "invalid escape sequence";
  static ERR_INVALID_NAMED_CAPTURE = "invalid named capture";
  static ERR_INVALID_PERL_OP = "invalid or unsupported Perl syntax";
  static ERR_INVALID_REPEAT_OP = "invalid nested repetition operator";
  static ERR_INVALID_REPEAT_SIZE = "invalid repeat count";
  static ERR_MISSING_BRACKET = "missing closing ]";
  static ERR_MISSING_PAREN = "missing closing )";
  static ERR_MISSING_REPEAT_ARGUMENT = "missing argument to repetition operator";
  static ERR_TRAILING_BACKSLASH = "trailing backslash at end of expression";
  static ERR_DUPLICATE_NAMED_CAPTURE = "duplicate capture group name";
  static ERR_UNEXPECTED_PAREN = "unexpected )";
  static ERR_NESTING_DEPTH = "expression nests too deeply";
  static ERR_LARGE = "expression too large";
  static ERR_INVALID_CAPTURE_IN_LOOKBEHIND = "invalid capture in lookbehind";
  static MAX_HEIGHT = 1e3;
  static MAX_SIZE = 1398101;
  static MAX_RUNES = 33554432;
  static ANY_TABLE = new UnicodeRangeTable(new Uint32Array([
    0,
    Unicode.MAX_RUNE,
    1
  ]));
  static ASCII_TABLE = new UnicodeRangeTable(new Uint32Array([
    0,
    127,
    1
  ]));
  static ASCII_FOLD_TABLE = new UnicodeRangeTable(new Uint32Array([
    0,
    127,
    1,
    383,
    383,
    1,
    8490,
    8490,
    1
  ]));
  static unicodeTable(name) {
    if (name === "Any") return {
      tab: Parser2.ANY_TABLE,
      fold: Parser2.ANY_TABLE,
      sign: 1
    };
    if (name === "Ascii") return {
      tab: Parser2.ASCII_TABLE,
      fold: Parser2.ASCII_FOLD_TABLE,
      sign: 1
    };
    if (name === "Assigned") return {
      tab: UnicodeTables.CATEGORIES.get("Cn"),
      fold: UnicodeTables.CATEGORIES.get("Cn"),
      sign: -1
    };
    if (name === "Lc") return {
      tab: UnicodeTables.CATEGORIES.get("LC"),
      fold: UnicodeTables.FOLD_CATEGORIES.get("LC"),
      sign: 1
    };
    if (UnicodeTables.CATEGORIES.has(name)) return {
      tab: UnicodeTables.CATEGORIES.get(name),
      fold: UnicodeTables.FOLD_CATEGORIES.get(name),
      sign: 1
    };
    if (UnicodeTables.SCRIPTS.has(name)) return {
      tab: UnicodeTables.SCRIPTS.get(name),
      fold: UnicodeTables.FOLD_SCRIPT.get(name),
      sign: 1
    };
    return null;
  }
  static minFoldRune(r) {
    if (r < Unicode.MIN_FOLD || r > Unicode.MAX_FOLD) return r;
    let min = r;
    const r0 = r;
    for (r = Unicode.simpleFold(r); r !== r0; r = Unicode.simpleFold(r)) if (min > r) min = r;
    return min;
  }
  static leadingRegexp(re) {
    if (re.op === Regexp.Op.EMPTY_MATCH) return null;
    if (re.op === Regexp.Op.CONCAT && re.subs.length > 0) {
      const sub = re.subs[0];
      if (sub.op === Regexp.Op.EMPTY_MATCH) return null;
      return sub;
    }
    return re;
  }
  static literalRegexp(s, flags) {
    const re = new Regexp(Regexp.Op.LITERAL);
    re.flags = flags;
    re.runes = Utils.stringToRunes(s);
    return re;
  }
  /**
  * Parse regular expression pattern {@code pattern} with mode flags {@code flags}.
  * @param {string} pattern
  * @param {number} flags
  */
  static parse(pattern, flags) {
    return new Parser2(pattern, flags).parseInternal();
  }
  static parseRepeat(t) {
    const start = t.pos();
    if (!t.more() || !t.lookingAt("{")) return -1;
    t.skip(1);
    const min = Parser2.parseInt(t);
    if (min === -1) return -1;
    if (!t.more()) return -1;
    let max;
    if (!t.lookingAt(",")) max = min;
    else {
      t.skip(1);
      if (!t.more()) return -1;
      if (t.lookingAt("}")) max = -1;
      else if ((max = Parser2.parseInt(t)) === -1) return -1;
    }
    if (!t.more() || !t.lookingAt("}")) return -1;
    t.skip(1);
    if (min < 0 || min > 1e3 || max === -2 || max > 1e3 || max >= 0 && min > max) throw new RE2JSSyntaxException(Parser2.ERR_INVALID_REPEAT_SIZE, t.from(start));
    return min << 16 | max & Unicode.MAX_BMP;
  }
  static isValidCaptureName(name) {
    if (name.length === 0) return false;
    for (let i = 0; i < name.length; i++) {
      const c = name.codePointAt(i);
      if (c !== Codepoint.CODES["_"] && !Utils.isalnum(c)) return false;
    }
    return true;
  }
  static parseInt(t) {
    const start = t.pos();
    while (t.more() && t.peek() >= Codepoint.CODES["0"] && t.peek() <= Codepoint.CODES["9"]) t.skip(1);
    const n = t.from(start);
    if (n.length === 0 || n.length > 1 && n.codePointAt(0) === Codepoint.CODES["0"]) return -1;
    if (n.length > 8) return -2;
    return parseInt(n, 10);
  }
  static isCharClass(re) {
    return re.op === Regexp.Op.LITERAL && re.runes.length === 1 || re.op === Regexp.Op.CHAR_CLASS || re.op === Regexp.Op.ANY_CHAR_NOT_NL || re.op === Regexp.Op.ANY_CHAR;
  }
  static matchRune(re, r) {
    switch (re.op) {
      case Regexp.Op.LITERAL:
        return re.runes.length === 1 && re.runes[0] === r;
      case Regexp.Op.CHAR_CLASS:
        for (let i = 0; i < re.runes.length; i += 2) if (re.runes[i] <= r && r <= re.runes[i + 1]) return true;
        return false;
      case Regexp.Op.ANY_CHAR_NOT_NL:
        return r !== Codepoint.CODES["\n"];
      case Regexp.Op.ANY_CHAR:
        return true;
    }
    return false;
  }
  static mergeCharClass(dst, src) {
    switch (dst.op) {
      case Regexp.Op.ANY_CHAR:
        break;
      case Regexp.Op.ANY_CHAR_NOT_NL:
        if (Parser2.matchRune(src, Codepoint.CODES["\n"])) dst.op = Regexp.Op.ANY_CHAR;
        break;
      case Regexp.Op.CHAR_CLASS: {
        const cc = new CharClass(Array.isArray(dst.runes) ? dst.runes : Array.from(dst.runes));
        if (src.op === Regexp.Op.LITERAL) cc.appendLiteral(src.runes[0], src.flags);
        else cc.appendClass(src.runes);
        dst.runes = cc.toGrowableArray();
        break;
      }
      case Regexp.Op.LITERAL:
        if (src.runes[0] === dst.runes[0] && src.flags === dst.flags) break;
        dst.op = Regexp.Op.CHAR_CLASS;
        dst.runes = new CharClass().appendLiteral(dst.runes[0], dst.flags).appendLiteral(src.runes[0], src.flags).toGrowableArray();
    }
  }
  static parseEscape(t) {
    const startPos = t.pos();
    t.skip(1);
    if (!t.more()) throw new RE2JSSyntaxException(Parser2.ERR_TRAILING_BACKSLASH);
    let c = t.pop();
    bigswitch: switch (c) {
      case Codepoint.CODES["1"]:
      case Codepoint.CODES["2"]:
      case Codepoint.CODES["3"]:
      case Codepoint.CODES["4"]:
      case Codepoint.CODES["5"]:
      case Codepoint.CODES["6"]:
      case Codepoint.CODES["7"]:
        if (!t.more() || t.peek() < Codepoint.CODES["0"] || t.peek() > Codepoint.CODES["7"]) break;
      case Codepoint.CODES["0"]: {
        let r = c - Codepoint.CODES["0"];
        for (let i = 1; i < 3; i++) {
          if (!t.more() || t.peek() < Codepoint.CODES["0"] || t.peek() > Codepoint.CODES["7"]) break;
          r = r * 8 + t.peek() - Codepoint.CODES["0"];
          t.skip(1);
        }
        return r;
      }
      case Codepoint.CODES["x"]: {
        if (!t.more()) break;
        c = t.pop();
        if (c === Codepoint.CODES["{"]) {
          let nhex = 0;
          let r = 0;
          while (true) {
            if (!t.more()) break bigswitch;
            c = t.pop();
            if (c === Codepoint.CODES["}"]) break;
            const v = Utils.unhex(c);
            if (v < 0) break bigswitch;
            r = r * 16 + v;
            if (r > Unicode.MAX_RUNE) break bigswitch;
            nhex++;
          }
          if (nhex === 0) break bigswitch;
          return r;
        }
        const x = Utils.unhex(c);
        if (!t.more()) break;
        c = t.pop();
        const y = Utils.unhex(c);
        if (x < 0 || y < 0) break;
        return x * 16 + y;
      }
      case Codepoint.CODES["a"]:
        return Codepoint.CODES["\x07"];
      case Codepoint.CODES["f"]:
        return Codepoint.CODES["\f"];
      case Codepoint.CODES["n"]:
        return Codepoint.CODES["\n"];
      case Codepoint.CODES["r"]:
        return Codepoint.CODES["\r"];
      case Codepoint.CODES["t"]:
        return Codepoint.CODES["	"];
      case Codepoint.CODES["v"]:
        return Codepoint.CODES["\v"];
      default:
        if (c <= Unicode.MAX_ASCII && !Utils.isalnum(c)) return c;
    }
    throw new RE2JSSyntaxException(Parser2.ERR_INVALID_ESCAPE, t.from(startPos));
  }
  static parseClassChar(t, wholeClassPos) {
    if (!t.more()) throw new RE2JSSyntaxException(Parser2.ERR_MISSING_BRACKET, t.from(wholeClassPos));
    if (t.lookingAt("\\")) return Parser2.parseEscape(t);
    return t.pop();
  }
  static hasCapture(re) {
    if (re === null) return false;
    if (re.op === Regexp.Op.CAPTURE) return true;
    if (re.subs) {
      for (let sub of re.subs) if (Parser2.hasCapture(sub)) return true;
    }
    return false;
  }
  constructor(wholeRegexp, flags = 0) {
    this.wholeRegexp = wholeRegexp;
    this.flags = flags;
    this.numCap = 0;
    this.namedGroups = /* @__PURE__ */ Object.create(null);
    this.stack = [];
    this.free = null;
    this.numRegexp = 0;
    this.numRunes = 0;
    this.repeats = 0;
    this.height = null;
    this.size = null;
    this.nlb = 0;
  }
  newRegexp(op) {
    let re = this.free;
    if (re !== null && re.subs !== null && re.subs.length > 0) {
      this.free = re.subs[0];
      re.reinit();
      re.op = op;
    } else {
      re = new Regexp(op);
      this.numRegexp += 1;
    }
    return re;
  }
  reuse(re) {
    if (this.height !== null && this.height.has(re)) this.height.delete(re);
    if (re.subs !== null && re.subs.length > 0) re.subs[0] = this.free;
    this.free = re;
  }
  checkLimits(re) {
    if (this.numRunes > Parser2.MAX_RUNES) throw new RE2JSSyntaxException(Parser2.ERR_LARGE);
    this.checkSize(re);
    this.checkHeight(re);
  }
  checkSize(re) {
    if (this.size === null) {
      if (this.repeats === 0) this.repeats = 1;
      if (re.op === Regexp.Op.REPEAT) {
        let n = re.max;
        if (n === -1) n = re.min;
        if (n <= 0) n = 1;
        if (n > Math.floor(Parser2.MAX_SIZE / this.repeats)) this.repeats = Parser2.MAX_SIZE;
        else this.repeats *= n;
      }
      if (this.numRegexp < Math.floor(Parser2.MAX_SIZE / this.repeats)) return;
      this.size = /* @__PURE__ */ new Map();
      for (let reEx of this.stack) this.checkSize(reEx);
    }
    if (this.calcSize(re, true) > Parser2.MAX_SIZE) throw new RE2JSSyntaxException(Parser2.ERR_LARGE);
  }
  calcSize(re, force = false) {
    if (!force && this.size !== null) {
      if (this.size.has(re)) return this.size.get(re);
    }
    let size = 0;
    switch (re.op) {
      case Regexp.Op.LITERAL:
        size = re.runes.length;
        break;
      case Regexp.Op.PLB:
      case Regexp.Op.NLB:
      case Regexp.Op.CAPTURE:
      case Regexp.Op.STAR:
        size = 2 + this.calcSize(re.subs[0]);
        break;
      case Regexp.Op.PLUS:
      case Regexp.Op.QUEST:
        size = 1 + this.calcSize(re.subs[0]);
        break;
      case Regexp.Op.CONCAT:
        for (let sub of re.subs) size = size + this.calcSize(sub);
        break;
      case Regexp.Op.ALTERNATE:
        for (let sub of re.subs) size = size + this.calcSize(sub);
        if (re.subs.length > 1) size = size + re.subs.length - 1;
        break;
      case Regexp.Op.REPEAT: {
        let sub = this.calcSize(re.subs[0]);
        if (re.max === -1) {
          if (re.min === 0) size = 2 + sub;
          else size = 1 + re.min * sub;
          break;
        }
        size = re.max * sub + (re.max - re.min);
        break;
      }
    }
    size = Math.max(1, size);
    if (this.size === null) this.size = /* @__PURE__ */ new Map();
    this.size.set(re, size);
    return size;
  }
  checkHeight(re) {
    if (this.numRegexp < Parser2.MAX_HEIGHT) return;
    if (this.height === null) {
      this.height = /* @__PURE__ */ new Map();
      for (let reEx of this.stack) this.checkHeight(reEx);
    }
    if (this.calcHeight(re, true) > Parser2.MAX_HEIGHT) throw new RE2JSSyntaxException(Parser2.ERR_NESTING_DEPTH);
  }
  calcHeight(re, force = false) {
    if (!force && this.height !== null) {
      if (this.height.has(re)) return this.height.get(re);
    }
    let h = 1;
    for (let sub of re.subs) {
      const hsub = this.calcHeight(sub);
      if (h < 1 + hsub) h = 1 + hsub;
    }
    if (this.height === null) this.height = /* @__PURE__ */ new Map();
    this.height.set(re, h);
    return h;
  }
  pop() {
    return this.stack.pop();
  }
  popToPseudo() {
    const n = this.stack.length;
    let i = n;
    while (i > 0 && !Regexp.isPseudoOp(this.stack[i - 1].op)) i--;
    return this.stack.splice(i, n - i);
  }
  push(re) {
    this.numRunes += re.runes.length;
    if (re.op === Regexp.Op.CHAR_CLASS && re.runes.length === 2 && re.runes[0] === re.runes[1]) {
      if (this.maybeConcat(re.runes[0], this.flags & ~RE2Flags.FOLD_CASE)) return null;
      re.op = Regexp.Op.LITERAL;
      re.runes = [re.runes[0]];
      re.flags = this.flags & ~RE2Flags.FOLD_CASE;
    } else if (re.op === Regexp.Op.CHAR_CLASS && re.runes.length === 4 && re.runes[0] === re.runes[1] && re.runes[2] === re.runes[3] && Unicode.simpleFold(re.runes[0]) === re.runes[2] && Unicode.simpleFold(re.runes[2]) === re.runes[0] || re.op === Regexp.Op.CHAR_CLASS && re.runes.length === 2 && re.runes[0] + 1 === re.runes[1] && Unicode.simpleFold(re.runes[0]) === re.runes[1] && Unicode.simpleFold(re.runes[1]) === re.runes[0]) {
      if (this.maybeConcat(re.runes[0], this.flags | RE2Flags.FOLD_CASE)) return null;
      re.op = Regexp.Op.LITERAL;
      re.runes = [re.runes[0]];
      re.flags = this.flags | RE2Flags.FOLD_CASE;
    } else this.maybeConcat(-1, 0);
    this.stack.push(re);
    this.checkLimits(re);
    return re;
  }
  maybeConcat(r, flags) {
    const n = this.stack.length;
    if (n < 2) return false;
    const re1 = this.stack[n - 1];
    const re2 = this.stack[n - 2];
    if (re1.op !== Regexp.Op.LITERAL || re2.op !== Regexp.Op.LITERAL || (re1.flags & RE2Flags.FOLD_CASE) !== (re2.flags & RE2Flags.FOLD_CASE)) return false;
    if (!Array.isArray(re2.runes)) re2.runes = Array.from(re2.runes);
    for (let i = 0; i < re1.runes.length; i++) re2.runes.push(re1.runes[i]);
    if (r >= 0) {
      re1.runes = [r];
      re1.flags = flags;
      return true;
    }
    this.pop();
    this.reuse(re1);
    return false;
  }
  newLiteral(r, flags) {
    const re = this.newRegexp(Regexp.Op.LITERAL);
    re.flags = flags;
    if ((flags & RE2Flags.FOLD_CASE) !== 0) r = Parser2.minFoldRune(r);
    re.runes = [r];
    return re;
  }
  literal(r) {
    this.push(this.newLiteral(r, this.flags));
  }
  op(op) {
    const re = this.newRegexp(op);
    re.flags = this.flags;
    return this.push(re);
  }
  repeat(op, min, max, beforePos, t, lastRepeatPos) {
    let flags = this.flags;
    if ((flags & RE2Flags.PERL_X) !== 0) {
      if (t.more() && t.lookingAt("?")) {
        t.skip(1);
        flags ^= RE2Flags.NON_GREEDY;
      }
      if (lastRepeatPos !== -1) throw new RE2JSSyntaxException(Parser2.ERR_INVALID_REPEAT_OP, t.from(lastRepeatPos));
    }
    const n = this.stack.length;
    if (n === 0) throw new RE2JSSyntaxException(Parser2.ERR_MISSING_REPEAT_ARGUMENT, t.from(beforePos));
    const sub = this.stack[n - 1];
    if (Regexp.isPseudoOp(sub.op)) throw new RE2JSSyntaxException(Parser2.ERR_MISSING_REPEAT_ARGUMENT, t.from(beforePos));
    const re = this.newRegexp(op);
    re.min = min;
    re.max = max;
    re.flags = flags;
    re.subs = [sub];
    this.stack[n - 1] = re;
    this.checkLimits(re);
    if (op === Regexp.Op.REPEAT && (min >= 2 || max >= 2) && !this.repeatIsValid(re, 1e3)) throw new RE2JSSyntaxException(Parser2.ERR_INVALID_REPEAT_SIZE, t.from(beforePos));
  }
  repeatIsValid(re, n) {
    if (re.op === Regexp.Op.REPEAT) {
      let m = re.max;
      if (m === 0) return true;
      if (m < 0) m = re.min;
      if (m > n) return false;
      if (m > 0) n = Math.trunc(n / m);
    }
    for (let sub of re.subs) if (!this.repeatIsValid(sub, n)) return false;
    return true;
  }
  concat() {
    this.maybeConcat(-1, 0);
    const subs = this.popToPseudo();
    if (subs.length === 0) return this.push(this.newRegexp(Regexp.Op.EMPTY_MATCH));
    return this.push(this.collapse(subs, Regexp.Op.CONCAT));
  }
  alternate() {
    const subs = this.popToPseudo();
    if (subs.length > 0) this.cleanAlt(subs[subs.length - 1]);
    if (subs.length === 0) return this.push(this.newRegexp(Regexp.Op.NO_MATCH));
    return this.push(this.collapse(subs, Regexp.Op.ALTERNATE));
  }
  cleanAlt(re) {
    if (re.op === Regexp.Op.CHAR_CLASS) {
      re.runes = new CharClass(Array.from(re.runes)).cleanClass().toArray();
      if (re.runes.length === 2 && re.runes[0] === 0 && re.runes[1] === Unicode.MAX_RUNE) {
        re.runes = /* @__PURE__ */ new Int32Array(0);
        re.op = Regexp.Op.ANY_CHAR;
      } else if (re.runes.length === 4 && re.runes[0] === 0 && re.runes[1] === Codepoint.CODES["\n"] - 1 && re.runes[2] === Codepoint.CODES["\n"] + 1 && re.runes[3] === Unicode.MAX_RUNE) {
        re.runes = /* @__PURE__ */ new Int32Array(0);
        re.op = Regexp.Op.ANY_CHAR_NOT_NL;
      }
    }
  }
  collapse(subs, op) {
    if (subs.length === 1) return subs[0];
    let len = 0;
    for (let sub of subs) len += sub.op === op ? sub.subs.length : 1;
    let newsubs = new Array(len).fill(null);
    let i = 0;
    for (let sub of subs) if (sub.op === op) {
      for (let j = 0; j < sub.subs.length; j++) newsubs[i++] = sub.subs[j];
      this.reuse(sub);
    } else newsubs[i++] = sub;
    let re = this.newRegexp(op);
    re.subs = newsubs;
    if (op === Regexp.Op.ALTERNATE) {
      re.subs = this.factor(re.subs);
      if (re.subs.length === 1) {
        const old = re;
        re = re.subs[0];
        this.reuse(old);
      }
    }
    return re;
  }
  factor(array) {
    if (array.length < 2) return array;
    let s = 0;
    let lensub = array.length;
    let lenout = 0;
    let str = null;
    let strlen = 0;
    let strflags = 0;
    let start = 0;
    for (let i = 0; i <= lensub; i++) {
      let istr = null;
      let istrlen = 0;
      let iflags = 0;
      if (i < lensub) {
        let re = array[s + i];
        if (re.op === Regexp.Op.CONCAT && re.subs.length > 0) re = re.subs[0];
        if (re.op === Regexp.Op.LITERAL) {
          istr = re.runes;
          istrlen = re.runes.length;
          iflags = re.flags & RE2Flags.FOLD_CASE;
        }
        if (iflags === strflags) {
          let same = 0;
          while (same < strlen && same < istrlen && str[same] === istr[same]) same++;
          if (same > 0) {
            strlen = same;
            continue;
          }
        }
      }
      if (i === start) {
      } else if (i === start + 1) array[lenout++] = array[s + start];
      else {
        const prefix = this.newRegexp(Regexp.Op.LITERAL);
        prefix.flags = strflags;
        prefix.runes = str.slice(0, strlen);
        for (let j = start; j < i; j++) {
          array[s + j] = this.removeLeadingString(array[s + j], strlen);
          this.checkLimits(array[s + j]);
        }
        const suffix = this.collapse(array.slice(s + start, s + i), Regexp.Op.ALTERNATE);
        const re = this.newRegexp(Regexp.Op.CONCAT);
        re.subs = [prefix, suffix];
        array[lenout++] = re;
      }
      start = i;
      str = istr;
      strlen = istrlen;
      strflags = iflags;
    }
    lensub = lenout;
    s = 0;
    start = 0;
    lenout = 0;
    let first = null;
    for (let i = 0; i <= lensub; i++) {
      let ifirst = null;
      if (i < lensub) {
        ifirst = Parser2.leadingRegexp(array[s + i]);
        if (first !== null && first.equals(ifirst) && (Parser2.isCharClass(first) || first.op === Regexp.Op.REPEAT && first.min === first.max && Parser2.isCharClass(first.subs[0]))) continue;
      }
      if (i === start) {
      } else if (i === start + 1) array[lenout++] = array[s + start];
      else {
        const prefix = first;
        for (let j = start; j < i; j++) {
          const reuse2 = j !== start;
          array[s + j] = this.removeLeadingRegexp(array[s + j], reuse2);
          this.checkLimits(array[s + j]);
        }
        const suffix = this.collapse(array.slice(s + start, s + i), Regexp.Op.ALTERNATE);
        const re = this.newRegexp(Regexp.Op.CONCAT);
        re.subs = [prefix, suffix];
        array[lenout++] = re;
      }
      start = i;
      first = ifirst;
    }
    lensub = lenout;
    s = 0;
    start = 0;
    lenout = 0;
    for (let i = 0; i <= lensub; i++) {
      if (i < lensub && Parser2.isCharClass(array[s + i])) continue;
      if (i === start) {
      } else if (i === start + 1) array[lenout++] = array[s + start];
      else {
        let max = start;
        for (let j = start + 1; j < i; j++) {
          const subMax = array[s + max];
          const subJ = array[s + j];
          if (subMax.op < subJ.op || subMax.op === subJ.op && (subMax.runes !== null ? subMax.runes.length : 0) < (subJ.runes !== null ? subJ.runes.length : 0)) max = j;
        }
        const tmp = array[s + start];
        array[s + start] = array[s + max];
        array[s + max] = tmp;
        for (let j = start + 1; j < i; j++) {
          Parser2.mergeCharClass(array[s + start], array[s + j]);
          this.reuse(array[s + j]);
        }
        this.cleanAlt(array[s + start]);
        array[lenout++] = array[s + start];
      }
      if (i < lensub) array[lenout++] = array[s + i];
      start = i + 1;
    }
    lensub = lenout;
    s = 0;
    start = 0;
    lenout = 0;
    for (let i = 0; i < lensub; ++i) {
      if (i + 1 < lensub && array[s + i].op === Regexp.Op.EMPTY_MATCH && array[s + i + 1].op === Regexp.Op.EMPTY_MATCH) continue;
      array[lenout++] = array[s + i];
    }
    lensub = lenout;
    s = 0;
    return array.slice(s, lensub);
  }
  removeLeadingString(re, n) {
    if (re.op === Regexp.Op.CONCAT && re.subs.length > 0) {
      const sub = this.removeLeadingString(re.subs[0], n);
      re.subs[0] = sub;
      if (sub.op === Regexp.Op.EMPTY_MATCH) {
        this.reuse(sub);
        switch (re.subs.length) {
          case 0:
          case 1:
            re.op = Regexp.Op.EMPTY_MATCH;
            re.subs = Regexp.emptySubs();
            break;
          case 2: {
            const old = re;
            re = re.subs[1];
            this.reuse(old);
            break;
          }
          default:
            re.subs = re.subs.slice(1, re.subs.length);
        }
      }
      return re;
    }
    if (re.op === Regexp.Op.LITERAL) {
      re.runes = re.runes.slice(n, re.runes.length);
      if (re.runes.length === 0) re.op = Regexp.Op.EMPTY_MATCH;
    }
    return re;
  }
  removeLeadingRegexp(re, reuse2) {
    if (re.op === Regexp.Op.CONCAT && re.subs.length > 0) {
      if (reuse2) this.reuse(re.subs[0]);
      re.subs = re.subs.slice(1, re.subs.length);
      switch (re.subs.length) {
        case 0:
          re.op = Regexp.Op.EMPTY_MATCH;
          re.subs = Regexp.emptySubs();
          break;
        case 1: {
          const old = re;
          re = re.subs[0];
          this.reuse(old);
          break;
        }
      }
      return re;
    }
    if (reuse2) this.reuse(re);
    return this.newRegexp(Regexp.Op.EMPTY_MATCH);
  }
  parseInternal() {
    if ((this.flags & RE2Flags.LITERAL) !== 0) return Parser2.literalRegexp(this.wholeRegexp, this.flags);
    let lastRepeatPos = -1;
    let min = -1;
    let max = -1;
    const t = new StringIterator(this.wholeRegexp);
    while (t.more()) {
      let repeatPos = -1;
      bigswitch: switch (t.peek()) {
        case Codepoint.CODES["("]:
          if ((this.flags & RE2Flags.LOOKBEHIND) !== 0) {
            if (t.lookingAt("(?<=")) {
              this.parsePosLookBehind();
              t.skip(4);
              break;
            }
            if (t.lookingAt("(?<!")) {
              this.parseNegLookBehind();
              t.skip(4);
              break;
            }
          }
          if ((this.flags & RE2Flags.PERL_X) !== 0 && t.lookingAt("(?")) {
            this.parsePerlFlags(t);
            break;
          }
          this.op(Regexp.Op.LEFT_PAREN).cap = ++this.numCap;
          t.skip(1);
          break;
        case Codepoint.CODES["|"]:
          this.parseVerticalBar();
          t.skip(1);
          break;
        case Codepoint.CODES[")"]:
          this.parseRightParen();
          t.skip(1);
          break;
        case Codepoint.CODES["^"]:
          if ((this.flags & RE2Flags.ONE_LINE) !== 0) this.op(Regexp.Op.BEGIN_TEXT);
          else this.op(Regexp.Op.BEGIN_LINE);
          t.skip(1);
          break;
        case Codepoint.CODES["$"]:
          if ((this.flags & RE2Flags.ONE_LINE) !== 0) this.op(Regexp.Op.END_TEXT).flags |= RE2Flags.WAS_DOLLAR;
          else this.op(Regexp.Op.END_LINE);
          t.skip(1);
          break;
        case Codepoint.CODES["."]:
          if ((this.flags & RE2Flags.DOT_NL) !== 0) this.op(Regexp.Op.ANY_CHAR);
          else this.op(Regexp.Op.ANY_CHAR_NOT_NL);
          t.skip(1);
          break;
        case Codepoint.CODES["["]:
          this.parseClass(t);
          break;
        case Codepoint.CODES["*"]:
        case Codepoint.CODES["+"]:
        case Codepoint.CODES["?"]: {
          repeatPos = t.pos();
          let op = null;
          switch (t.pop()) {
            case Codepoint.CODES["*"]:
              op = Regexp.Op.STAR;
              break;
            case Codepoint.CODES["+"]:
              op = Regexp.Op.PLUS;
              break;
            case Codepoint.CODES["?"]:
              op = Regexp.Op.QUEST;
          }
          this.repeat(op, min, max, repeatPos, t, lastRepeatPos);
          break;
        }
        case Codepoint.CODES["{"]: {
          const before = t.pos();
          const minMax = Parser2.parseRepeat(t);
          if (minMax < 0) {
            t.rewindTo(before);
            this.literal(t.pop());
            break;
          }
          repeatPos = before;
          min = minMax >> 16;
          max = (minMax & Unicode.MAX_BMP) << 16 >> 16;
          this.repeat(Regexp.Op.REPEAT, min, max, repeatPos, t, lastRepeatPos);
          break;
        }
        case Codepoint.CODES["\\"]: {
          const savedPos = t.pos();
          t.skip(1);
          if ((this.flags & RE2Flags.PERL_X) !== 0 && t.more()) switch (t.pop()) {
            case Codepoint.CODES["A"]:
              this.op(Regexp.Op.BEGIN_TEXT);
              break bigswitch;
            case Codepoint.CODES["b"]:
              this.op(Regexp.Op.WORD_BOUNDARY);
              break bigswitch;
            case Codepoint.CODES["B"]:
              this.op(Regexp.Op.NO_WORD_BOUNDARY);
              break bigswitch;
            case Codepoint.CODES["C"]:
              throw new RE2JSSyntaxException(Parser2.ERR_INVALID_ESCAPE, "\\C");
            case Codepoint.CODES["Q"]: {
              let lit = t.rest();
              const i = lit.indexOf("\\E");
              if (i >= 0) {
                lit = lit.substring(0, i);
                t.skipString(lit);
                t.skipString("\\E");
              } else t.skipString(lit);
              let j = 0;
              while (j < lit.length) {
                const codepoint = lit.codePointAt(j);
                this.literal(codepoint);
                j += Utils.charCount(codepoint);
              }
              break bigswitch;
            }
            case Codepoint.CODES["z"]:
              this.op(Regexp.Op.END_TEXT);
              break bigswitch;
            default:
              t.rewindTo(savedPos);
          }
          else t.rewindTo(savedPos);
          const re = this.newRegexp(Regexp.Op.CHAR_CLASS);
          re.flags = this.flags;
          if (t.lookingAt("\\p") || t.lookingAt("\\P")) {
            const cc2 = new CharClass();
            if (this.parseUnicodeClass(t, cc2)) {
              re.runes = cc2.toArray();
              this.push(re);
              break bigswitch;
            }
          }
          const cc = new CharClass();
          if (this.parsePerlClassEscape(t, cc)) {
            re.runes = cc.toArray();
            this.push(re);
            break bigswitch;
          }
          t.rewindTo(savedPos);
          this.reuse(re);
          this.literal(Parser2.parseEscape(t));
          break;
        }
        default:
          this.literal(t.pop());
      }
      lastRepeatPos = repeatPos;
    }
    this.concat();
    if (this.swapVerticalBar()) this.pop();
    this.alternate();
    if (this.stack.length !== 1) throw new RE2JSSyntaxException(Parser2.ERR_MISSING_PAREN, this.wholeRegexp);
    this.stack[0].namedGroups = this.namedGroups;
    return this.stack[0];
  }
  parsePerlFlags(t) {
    const startPos = t.pos();
    const s = t.rest();
    if (s.startsWith("(?P<") || s.startsWith("(?<")) {
      const begin = s.charAt(2) === "P" ? 4 : 3;
      const end = s.indexOf(">");
      if (end < 0) throw new RE2JSSyntaxException(Parser2.ERR_INVALID_NAMED_CAPTURE, s);
      const name = s.substring(begin, end);
      t.skipString(name);
      t.skip(begin + 1);
      if (!Parser2.isValidCaptureName(name)) throw new RE2JSSyntaxException(Parser2.ERR_INVALID_NAMED_CAPTURE, s.substring(0, end + 1));
      const re = this.op(Regexp.Op.LEFT_PAREN);
      re.cap = ++this.numCap;
      if (this.namedGroups[name]) throw new RE2JSSyntaxException(Parser2.ERR_DUPLICATE_NAMED_CAPTURE, name);
      this.namedGroups[name] = this.numCap;
      re.name = name;
      return;
    }
    t.skip(2);
    let flags = this.flags;
    let sign = 1;
    let sawFlag = false;
    loop: while (t.more()) {
      const c = t.pop();
      switch (c) {
        case Codepoint.CODES["i"]:
          flags |= RE2Flags.FOLD_CASE;
          sawFlag = true;
          break;
        case Codepoint.CODES["m"]:
          flags &= ~RE2Flags.ONE_LINE;
          sawFlag = true;
          break;
        case Codepoint.CODES["s"]:
          flags |= RE2Flags.DOT_NL;
          sawFlag = true;
          break;
        case Codepoint.CODES["U"]:
          flags |= RE2Flags.NON_GREEDY;
          sawFlag = true;
          break;
        case Codepoint.CODES["-"]:
          if (sign < 0) break loop;
          sign = -1;
          flags = ~flags;
          sawFlag = false;
          break;
        case Codepoint.CODES[":"]:
        case Codepoint.CODES[")"]:
          if (sign < 0) {
            if (!sawFlag) break loop;
            flags = ~flags;
          }
          if (c === Codepoint.CODES[":"]) this.op(Regexp.Op.LEFT_PAREN);
          this.flags = flags;
          return;
        default:
          break loop;
      }
    }
    throw new RE2JSSyntaxException(Parser2.ERR_INVALID_PERL_OP, t.from(startPos));
  }
  parsePosLookBehind() {
    const re = this.newRegexp(Regexp.Op.LEFT_PAREN);
    re.flags = this.flags;
    re.lb = ++this.nlb;
    return this.push(re);
  }
  parseNegLookBehind() {
    const re = this.newRegexp(Regexp.Op.LEFT_PAREN);
    re.flags = this.flags;
    re.lb = -++this.nlb;
    return this.push(re);
  }
  parseVerticalBar() {
    this.concat();
    if (!this.swapVerticalBar()) this.op(Regexp.Op.VERTICAL_BAR);
  }
  swapVerticalBar() {
    const n = this.stack.length;
    if (n >= 3 && this.stack[n - 2].op === Regexp.Op.VERTICAL_BAR && Parser2.isCharClass(this.stack[n - 1]) && Parser2.isCharClass(this.stack[n - 3])) {
      let re1 = this.stack[n - 1];
      let re3 = this.stack[n - 3];
      if (re1.op > re3.op) {
        const tmp = re3;
        re3 = re1;
        re1 = tmp;
        this.stack[n - 3] = re3;
      }
      Parser2.mergeCharClass(re3, re1);
      this.reuse(re1);
      this.pop();
      return true;
    }
    if (n >= 2) {
      const re1 = this.stack[n - 1];
      const re2 = this.stack[n - 2];
      if (re2.op === Regexp.Op.VERTICAL_BAR) {
        if (n >= 3) this.cleanAlt(this.stack[n - 3]);
        this.stack[n - 2] = re1;
        this.stack[n - 1] = re2;
        return true;
      }
    }
    return false;
  }
  parseRightParen() {
    this.concat();
    if (this.swapVerticalBar()) this.pop();
    this.alternate();
    if (this.stack.length < 2) throw new RE2JSSyntaxException(Parser2.ERR_UNEXPECTED_PAREN, this.wholeRegexp);
    const re1 = this.pop();
    const re2 = this.pop();
    if (re2.op !== Regexp.Op.LEFT_PAREN) throw new RE2JSSyntaxException(Parser2.ERR_UNEXPECTED_PAREN, this.wholeRegexp);
    this.flags = re2.flags;
    if (re2.lb !== 0) {
      if (Parser2.hasCapture(re1)) throw new RE2JSSyntaxException(Parser2.ERR_INVALID_CAPTURE_IN_LOOKBEHIND, this.wholeRegexp);
      if (re2.lb > 0) re2.op = Regexp.Op.PLB;
      else re2.op = Regexp.Op.NLB;
      re2.subs = [re1];
      this.push(re2);
      return;
    }
    if (re2.cap === 0) this.push(re1);
    else {
      re2.op = Regexp.Op.CAPTURE;
      re2.subs = [re1];
      this.push(re2);
    }
  }
  parsePerlClassEscape(t, cc) {
    const beforePos = t.pos();
    if ((this.flags & RE2Flags.PERL_X) === 0 || !t.more() || t.pop() !== Codepoint.CODES["\\"] || !t.more()) return false;
    t.pop();
    const p = t.from(beforePos);
    const g = PERL_GROUPS.has(p) ? PERL_GROUPS.get(p) : null;
    if (g === null) return false;
    cc.appendGroup(g, (this.flags & RE2Flags.FOLD_CASE) !== 0);
    return true;
  }
  parseNamedClass(t, cc) {
    const cls = t.rest();
    const i = cls.indexOf(":]");
    if (i < 0) return false;
    const name = cls.substring(0, i + 2);
    t.skipString(name);
    const g = POSIX_GROUPS.has(name) ? POSIX_GROUPS.get(name) : null;
    if (g === null) throw new RE2JSSyntaxException(Parser2.ERR_INVALID_CHAR_RANGE, name);
    cc.appendGroup(g, (this.flags & RE2Flags.FOLD_CASE) !== 0);
    return true;
  }
  parseUnicodeClass(t, cc) {
    const startPos = t.pos();
    if ((this.flags & RE2Flags.UNICODE_GROUPS) === 0 || !t.lookingAt("\\p") && !t.lookingAt("\\P")) return false;
    t.skip(1);
    let sign = 1;
    let c = t.pop();
    if (c === Codepoint.CODES["P"]) sign = -1;
    if (!t.more()) {
      t.rewindTo(startPos);
      throw new RE2JSSyntaxException(Parser2.ERR_INVALID_CHAR_RANGE, t.rest());
    }
    c = t.pop();
    let name;
    if (c !== Codepoint.CODES["{"]) name = Utils.runeToString(c);
    else {
      const rest = t.rest();
      const end = rest.indexOf("}");
      if (end < 0) {
        t.rewindTo(startPos);
        throw new RE2JSSyntaxException(Parser2.ERR_INVALID_CHAR_RANGE, t.rest());
      }
      name = rest.substring(0, end);
      t.skipString(name);
      t.skip(1);
    }
    if (!(name.length === 0) && name.codePointAt(0) === Codepoint.CODES["^"]) {
      sign = 0 - sign;
      name = name.substring(1);
    }
    const pair = Parser2.unicodeTable(name);
    if (pair === null) throw new RE2JSSyntaxException(Parser2.ERR_INVALID_CHAR_RANGE, t.from(startPos));
    if (pair.sign < 0) sign = 0 - sign;
    const tab = pair.tab;
    const fold = pair.fold;
    if ((this.flags & RE2Flags.FOLD_CASE) === 0 || fold === null) cc.appendTableWithSign(tab, sign);
    else {
      const tmp = new CharClass().appendTable(tab).appendTable(fold).cleanClass().toArray();
      cc.appendClassWithSign(Array.from(tmp), sign);
    }
    return true;
  }
  parseClass(t) {
    const startPos = t.pos();
    t.skip(1);
    const re = this.newRegexp(Regexp.Op.CHAR_CLASS);
    re.flags = this.flags;
    const cc = new CharClass();
    let sign = 1;
    if (t.more() && t.lookingAt("^")) {
      sign = -1;
      t.skip(1);
      if ((this.flags & RE2Flags.CLASS_NL) === 0) cc.appendRange(Codepoint.CODES["\n"], Codepoint.CODES["\n"]);
    }
    let first = true;
    while (!t.more() || t.peek() !== Codepoint.CODES["]"] || first) {
      if (t.more() && t.lookingAt("-") && (this.flags & RE2Flags.PERL_X) === 0 && !first) {
        const s = t.rest();
        if (s === "-" || !s.startsWith("-]")) {
          t.rewindTo(startPos);
          throw new RE2JSSyntaxException(Parser2.ERR_INVALID_CHAR_RANGE, t.rest());
        }
      }
      first = false;
      const beforePos = t.pos();
      if (t.lookingAt("[:")) {
        if (this.parseNamedClass(t, cc)) continue;
        t.rewindTo(beforePos);
      }
      if (this.parseUnicodeClass(t, cc)) continue;
      if (this.parsePerlClassEscape(t, cc)) continue;
      t.rewindTo(beforePos);
      const lo = Parser2.parseClassChar(t, startPos);
      let hi = lo;
      if (t.more() && t.lookingAt("-")) {
        t.skip(1);
        if (t.more() && t.lookingAt("]")) t.skip(-1);
        else {
          hi = Parser2.parseClassChar(t, startPos);
          if (hi < lo) throw new RE2JSSyntaxException(Parser2.ERR_INVALID_CHAR_RANGE, t.from(beforePos));
        }
      }
      if ((this.flags & RE2Flags.FOLD_CASE) === 0) cc.appendRange(lo, hi);
      else cc.appendFoldedRange(lo, hi);
    }
    t.skip(1);
    cc.cleanClass();
    if (sign < 0) cc.negateClass();
    re.runes = cc.toArray();
    this.push(re);
  }
};
var RE2 = class RE22 {
  static initTest(expr) {
    const re2 = RE22.compile(expr);
    const res = new RE22(re2.expr, re2.prog, re2.numSubexp, re2.longest);
    res.cond = re2.cond;
    res.prefix = re2.prefix;
    res.prefixUTF8 = re2.prefixUTF8;
    res.prefixComplete = re2.prefixComplete;
    res.prefixRune = re2.prefixRune;
    res.prefilter = re2.prefilter;
    res.namedGroups = re2.namedGroups;
    return res;
  }
  /**
  * Parses a regular expression and returns, if successful, an {@code RE2} instance that can be
  * used to match against text.
  *
  * When matching against text, the regexp returns a match that begins as early as possible in the
  * input (leftmost), and among those it chooses the one that a backtracking search would have
  * found first. This so-called leftmost-first matching is the same semantics that Perl, Python,
  * and other implementations use, although this package implements it without the expense of
  * backtracking. For POSIX leftmost-longest matching, see {@link #compilePOSIX}.
  */
  static compile(expr) {
    return RE22.compileImpl(expr, RE2Flags.PERL, false);
  }
  /**
  * {@code compilePOSIX} is like {@link #compile} but restricts the regular expression to POSIX ERE
  * (egrep) syntax and changes the match semantics to leftmost-longest.
  *
  * That is, when matching against text, the regexp returns a match that begins as early as
  * possible in the input (leftmost), and among those it chooses a match that is as long as
  * possible. This so-called leftmost-longest matching is the same semantics that early regular
  * expression implementations used and that POSIX specifies.
  *
  * However, there can be multiple leftmost-longest matches, with different submatch choices, and
  * here this package diverges from POSIX. Among the possible leftmost-longest matches, this
  * package chooses the one that a backtracking search would have found first, while POSIX
  * specifies that the match be chosen to maximize the length of the first subexpression, then the
  * second, and so on from left to right. The POSIX rule is computationally prohibitive and not
  * even well-defined. See http://swtch.com/~rsc/regexp/regexp2.html#posix
  */
  static compilePOSIX(expr) {
    return RE22.compileImpl(expr, RE2Flags.POSIX, true);
  }
  static compileImpl(expr, mode, longest) {
    let re = Parser.parse(expr, mode);
    const maxCap = re.maxCap();
    const namedGroups = re.namedGroups;
    re = Simplify.simplify(re);
    const prefilter2 = PrefilterTree.build(re);
    const prog = Compiler.compileRegexp(re);
    const re2 = new RE22(expr, prog, maxCap, longest);
    re2.prefilter = prefilter2.type === Prefilter.Type.NONE ? null : prefilter2;
    const [prefixCompl, prefixStr] = prog.prefix();
    re2.prefixComplete = prefixCompl;
    re2.prefix = prefixStr;
    re2.prefixUTF8 = Utils.stringToUtf8ByteArray(re2.prefix);
    if (re2.prefix.length > 0) re2.prefixRune = re2.prefix.codePointAt(0);
    re2.namedGroups = namedGroups;
    return re2;
  }
  /**
  * Returns true iff textual regular expression {@code pattern} matches string {@code s}.
  *
  * More complicated queries need to use {@link #compile} and the full {@code RE2} interface.
  */
  static match(pattern, s) {
    return RE22.compile(pattern).match(s);
  }
  constructor(expr, prog, numSubexp = 0, longest = 0) {
    this.expr = expr;
    this.prog = prog;
    this.numSubexp = numSubexp;
    this.longest = longest;
    this.cond = prog.startCond();
    this.prefix = null;
    this.prefixUTF8 = null;
    this.prefixComplete = false;
    this.prefixRune = 0;
    this.namedGroups = /* @__PURE__ */ Object.create(null);
    this.machinePool = [];
    this.lazyDFA = null;
    this.onepass = OnePass.compile(this.prog);
    this.prefilter = null;
  }
  get dfa() {
    if (this.lazyDFA === null) this.lazyDFA = new DFA(this.prog);
    return this.lazyDFA;
  }
  matchPrefixComplete(input, pos, anchor, ncap) {
    if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && pos !== 0) return null;
    let matchStart = -1;
    let matchEnd = -1;
    const pLen = input.prefixLength(this);
    if (anchor === RE2Flags.UNANCHORED) {
      const idx = input.index(this, pos);
      if (idx < 0) return null;
      matchStart = pos + idx;
      matchEnd = matchStart + pLen;
    } else if (anchor === RE2Flags.ANCHOR_BOTH) {
      if (input.endPos() !== pLen) return null;
      if (input.index(this, 0) !== 0) return null;
      matchStart = 0;
      matchEnd = pLen;
    } else if (anchor === RE2Flags.ANCHOR_START) {
      if (input.index(this, 0) !== 0) return null;
      matchStart = 0;
      matchEnd = pLen;
    }
    if (matchStart < 0) return null;
    if (ncap > 0) {
      const matchcap = new Int32Array(ncap).fill(-1);
      matchcap[0] = matchStart;
      matchcap[1] = matchEnd;
      return Array.from(matchcap);
    }
    return [];
  }
  createLookbehindState() {
    return this.prog.numLb > 0 ? new LookbehindState(this.prog) : null;
  }
  executeEngine(input, pos, anchor, ncap, lbState = null) {
    if (this.prefixComplete && (ncap === 0 || this.numSubexp === 0)) return this.matchPrefixComplete(input, pos, anchor, ncap);
    if (this.prefilter !== null && anchor === RE2Flags.UNANCHORED) {
      if (!this.prefilter.eval(input, pos)) return null;
    }
    if (this.onepass !== null) return OnePass.execute(this, input, pos, anchor, ncap);
    if (ncap > 0) {
      if (this.prog.numLb === 0 && input.endPos() <= Backtracker.maxBitStateLen(this.prog)) return Backtracker.execute(this, input, pos, anchor, ncap);
      return this.doExecuteNFA(input, pos, anchor, ncap, lbState);
    }
    if (this.prog.numLb === 0) {
      const dfaResult = this.dfa.match(input, pos, anchor);
      if (dfaResult !== null) return dfaResult ? [] : null;
      if (input.endPos() <= Backtracker.maxBitStateLen(this.prog)) return Backtracker.execute(this, input, pos, anchor, ncap);
    }
    return this.doExecuteNFA(input, pos, anchor, ncap, lbState);
  }
  /**
  * Returns the number of parenthesized subexpressions in this regular expression.
  */
  numberOfCapturingGroups() {
    return this.numSubexp;
  }
  /**
  * Returns the number of instructions in this compiled regular expression program.
  */
  numberOfInstructions() {
    return this.prog.numInst();
  }
  get() {
    return this.machinePool.length > 0 ? this.machinePool.pop() : null;
  }
  reset() {
    this.machinePool.length = 0;
  }
  put(m) {
    this.machinePool.push(m);
  }
  toString() {
    return this.expr;
  }
  doExecuteNFA(input, pos, anchor, ncap, lbState = null) {
    let m = this.get();
    if (!m) m = Machine.fromRE2(this);
    m.init(ncap);
    const cap = m.match(input, pos, anchor, lbState) ? m.submatches() : null;
    this.put(m);
    return cap;
  }
  match(s) {
    return this.executeEngine(MachineInput.fromUTF16(s), 0, RE2Flags.UNANCHORED, 0) !== null;
  }
  /**
  * Matches the regular expression against input starting at position start and ending at position
  * end, with the given anchoring. Records the submatch boundaries in group, which is [start, end)
  * pairs of byte offsets. The number of boundaries needed is inferred from the size of the group
  * array. It is most efficient not to ask for submatch boundaries.
  *
  * @param input the input byte array
  * @param start the beginning position in the input
  * @param end the end position in the input
  * @param anchor the anchoring flag (UNANCHORED, ANCHOR_START, ANCHOR_BOTH)
  * @param group the array to fill with submatch positions
  * @param ngroup the number of array pairs to fill in
  * @param lbState optional state carried between successive matches over the same input (see
  *   createLookbehindState); omit it to evaluate lookbehinds from the beginning of the input
  * @returns true if a match was found
  */
  matchWithGroup(input, start, end, anchor, ngroup, lbState = null) {
    if (!(input instanceof MatcherInputBase)) {
      if (Utils.isByteArray(input)) input = MatcherInput.utf8(input);
      else input = MatcherInput.utf16(input);
    }
    return this.matchMachineInput(input, start, end, anchor, ngroup, lbState);
  }
  matchMachineInput(input, start, end, anchor, ngroup, lbState = null) {
    if (start > end) return [false, null];
    const machineInput = input.isUTF16Encoding() ? MachineInput.fromUTF16(input.asCharSequence(), 0, end) : MachineInput.fromUTF8(input.asBytes(), 0, end);
    const groupMatch = this.executeEngine(machineInput, start, anchor, 2 * ngroup, lbState);
    if (groupMatch === null) return [false, null];
    return [true, groupMatch];
  }
  /**
  * Returns true iff this regexp matches the UTF-8 byte array {@code b}.
  */
  matchUTF8(b2) {
    return this.executeEngine(MachineInput.fromUTF8(b2), 0, RE2Flags.UNANCHORED, 0) !== null;
  }
  /**
  * Returns a copy of {@code src} in which all matches for this regexp have been replaced by
  * {@code repl}. No support is provided for expressions (e.g. {@code \1} or {@code $1}) in the
  * replacement string.
  */
  replaceAll(src, repl) {
    return this.replaceAllFunc(src, () => repl, 2 * src.length + 1);
  }
  /**
  * Returns a copy of {@code src} in which only the first match for this regexp has been replaced
  * by {@code repl}. No support is provided for expressions (e.g. {@code \1} or {@code $1}) in the
  * replacement string.
  */
  replaceFirst(src, repl) {
    return this.replaceAllFunc(src, () => repl, 1);
  }
  /**
  * Returns a copy of {@code src} in which at most {@code maxReplaces} matches for this regexp have
  * been replaced by the return value of of function {@code repl} (whose first argument is the
  * matched string). No support is provided for expressions (e.g. {@code \1} or {@code $1}) in the
  * replacement string.
  */
  replaceAllFunc(src, replFunc, maxReplaces) {
    let lastMatchEnd = 0;
    let searchPos = 0;
    let out = "";
    const input = MachineInput.fromUTF16(src);
    const lbState = this.createLookbehindState();
    let numReplaces = 0;
    while (searchPos <= src.length) {
      const a = this.executeEngine(input, searchPos, RE2Flags.UNANCHORED, 2, lbState);
      if (a === null || a.length === 0) break;
      out += src.substring(lastMatchEnd, a[0]);
      if (a[1] > lastMatchEnd || a[0] === 0) {
        out += replFunc(src.substring(a[0], a[1]));
        numReplaces++;
      }
      lastMatchEnd = a[1];
      const width = input.step(searchPos) & 7;
      if (searchPos + width > a[1]) searchPos += width;
      else if (searchPos + 1 > a[1]) searchPos++;
      else searchPos = a[1];
      if (numReplaces >= maxReplaces) break;
    }
    out += src.substring(lastMatchEnd);
    return out;
  }
  pad(a) {
    if (a === null) return null;
    let n = (1 + this.numSubexp) * 2;
    if (a.length < n) {
      let a2 = new Array(n).fill(-1);
      for (let i = 0; i < a.length; i++) a2[i] = a[i];
      a = a2;
    }
    return a;
  }
  allMatches(input, n, deliverFun = (v) => v) {
    let result = [];
    const end = input.endPos();
    if (n < 0) n = end + 1;
    let pos = 0;
    let i = 0;
    let prevMatchEnd = -1;
    const lbState = this.createLookbehindState();
    while (i < n && pos <= end) {
      const matches = this.executeEngine(input, pos, RE2Flags.UNANCHORED, this.prog.numCap, lbState);
      if (matches === null || matches.length === 0) break;
      let accept = true;
      if (matches[1] === pos) {
        if (matches[0] === prevMatchEnd) accept = false;
        const r = input.step(pos);
        if (r < 0) pos = end + 1;
        else pos += r & 7;
      } else pos = matches[1];
      prevMatchEnd = matches[1];
      if (accept) {
        result.push(deliverFun(this.pad(matches)));
        i++;
      }
    }
    return result;
  }
  /**
  * Returns an array holding the text of the leftmost match in {@code b} of this regular
  * expression.
  *
  * A return value of null indicates no match.
  */
  findUTF8(b2) {
    const a = this.executeEngine(MachineInput.fromUTF8(b2), 0, RE2Flags.UNANCHORED, 2);
    if (a === null) return null;
    return b2.slice(a[0], a[1]);
  }
  /**
  * Returns a two-element array of integers defining the location of the leftmost match in
  * {@code b} of this regular expression. The match itself is at {@code b[loc[0]...loc[1]]}.
  *
  * A return value of null indicates no match.
  */
  findUTF8Index(b2) {
    const a = this.executeEngine(MachineInput.fromUTF8(b2), 0, RE2Flags.UNANCHORED, 2);
    if (a === null) return null;
    return a.slice(0, 2);
  }
  /**
  * Returns a string holding the text of the leftmost match in {@code s} of this regular
  * expression.
  *
  * If there is no match, the return value is an empty string, but it will also be empty if the
  * regular expression successfully matches an empty string. Use {@link #findIndex} or
  * {@link #findSubmatch} if it is necessary to distinguish these cases.
  */
  find(s) {
    const a = this.executeEngine(MachineInput.fromUTF16(s), 0, RE2Flags.UNANCHORED, 2);
    if (a === null) return "";
    return s.substring(a[0], a[1]);
  }
  /**
  * Returns a two-element array of integers defining the location of the leftmost match in
  * {@code s} of this regular expression. The match itself is at
  * {@code s.substring(loc[0], loc[1])}.
  *
  * A return value of null indicates no match.
  */
  findIndex(s) {
    return this.executeEngine(MachineInput.fromUTF16(s), 0, RE2Flags.UNANCHORED, 2);
  }
  /**
  * Returns an array of arrays the text of the leftmost match of the regular expression in
  * {@code b} and the matches, if any, of its subexpressions, as defined by the <a
  * href='#submatch'>Submatch</a> description above.
  *
  * A return value of null indicates no match.
  */
  findUTF8Submatch(b2) {
    const a = this.executeEngine(MachineInput.fromUTF8(b2), 0, RE2Flags.UNANCHORED, this.prog.numCap);
    if (a === null) return null;
    const ret = new Array(1 + this.numSubexp).fill(null);
    for (let i = 0; i < ret.length; i++) if (2 * i < a.length && a[2 * i] >= 0) ret[i] = b2.slice(a[2 * i], a[2 * i + 1]);
    return ret;
  }
  /**
  * Returns an array holding the index pairs identifying the leftmost match of this regular
  * expression in {@code b} and the matches, if any, of its subexpressions, as defined by the the
  * <a href='#submatch'>Submatch</a> and <a href='#index'>Index</a> descriptions above.
  *
  * A return value of null indicates no match.
  */
  findUTF8SubmatchIndex(b2) {
    return this.pad(this.executeEngine(MachineInput.fromUTF8(b2), 0, RE2Flags.UNANCHORED, this.prog.numCap));
  }
  /**
  * Returns an array of strings holding the text of the leftmost match of the regular expression in
  * {@code s} and the matches, if any, of its subexpressions, as defined by the <a
  * href='#submatch'>Submatch</a> description above.
  *
  * A return value of null indicates no match.
  */
  findSubmatch(s) {
    const a = this.executeEngine(MachineInput.fromUTF16(s), 0, RE2Flags.UNANCHORED, this.prog.numCap);
    if (a === null) return null;
    const ret = new Array(1 + this.numSubexp).fill(null);
    for (let i = 0; i < ret.length; i++) if (2 * i < a.length && a[2 * i] >= 0) ret[i] = s.substring(a[2 * i], a[2 * i + 1]);
    return ret;
  }
  /**
  * Returns an array holding the index pairs identifying the leftmost match of this regular
  * expression in {@code s} and the matches, if any, of its subexpressions, as defined by the <a
  * href='#submatch'>Submatch</a> description above.
  *
  * A return value of null indicates no match.
  */
  findSubmatchIndex(s) {
    return this.pad(this.executeEngine(MachineInput.fromUTF16(s), 0, RE2Flags.UNANCHORED, this.prog.numCap));
  }
  /**
  * {@code findAllUTF8()} is the <a href='#all'>All</a> version of {@link #findUTF8}; it returns a
  * list of up to {@code n} successive matches of the expression, as defined by the <a
  * href='#all'>All</a> description above.
  *
  * A return value of null indicates no match.
  *
  * TODO(adonovan): think about defining a byte slice view class, like a read-only Go slice backed
  * by |b|.
  */
  findAllUTF8(b2, n) {
    const result = this.allMatches(MachineInput.fromUTF8(b2), n, (match) => b2.slice(match[0], match[1]));
    if (result.length === 0) return null;
    return result;
  }
  /**
  * {@code findAllUTF8Index} is the <a href='#all'>All</a> version of {@link #findUTF8Index}; it
  * returns a list of up to {@code n} successive matches of the expression, as defined by the <a
  * href='#all'>All</a> description above.
  *
  * A return value of null indicates no match.
  */
  findAllUTF8Index(b2, n) {
    const result = this.allMatches(MachineInput.fromUTF8(b2), n, (match) => match.slice(0, 2));
    if (result.length === 0) return null;
    return result;
  }
  /**
  * {@code findAll} is the <a href='#all'>All</a> version of {@link #find}; it returns a list of up
  * to {@code n} successive matches of the expression, as defined by the <a href='#all'>All</a>
  * description above.
  *
  * A return value of null indicates no match.
  */
  findAll(s, n) {
    const result = this.allMatches(MachineInput.fromUTF16(s), n, (match) => s.substring(match[0], match[1]));
    if (result.length === 0) return null;
    return result;
  }
  /**
  * {@code findAllIndex} is the <a href='#all'>All</a> version of {@link #findIndex}; it returns a
  * list of up to {@code n} successive matches of the expression, as defined by the <a
  * href='#all'>All</a> description above.
  *
  * A return value of null indicates no match.
  */
  findAllIndex(s, n) {
    const result = this.allMatches(MachineInput.fromUTF16(s), n, (match) => match.slice(0, 2));
    if (result.length === 0) return null;
    return result;
  }
  /**
  * {@code findAllUTF8Submatch} is the <a href='#all'>All</a> version of {@link #findUTF8Submatch};
  * it returns a list of up to {@code n} successive matches of the expression, as defined by the <a
  * href='#all'>All</a> description above.
  *
  * A return value of null indicates no match.
  */
  findAllUTF8Submatch(b2, n) {
    const result = this.allMatches(MachineInput.fromUTF8(b2), n, (match) => {
      let slice = new Array(match.length / 2 | 0).fill(null);
      for (let j = 0; j < slice.length; j++) if (match[2 * j] >= 0) slice[j] = b2.slice(match[2 * j], match[2 * j + 1]);
      return slice;
    });
    if (result.length === 0) return null;
    return result;
  }
  /**
  * {@code findAllUTF8SubmatchIndex} is the <a href='#all'>All</a> version of
  * {@link #findUTF8SubmatchIndex}; it returns a list of up to {@code n} successive matches of the
  * expression, as defined by the <a href='#all'>All</a> description above.
  *
  * A return value of null indicates no match.
  */
  findAllUTF8SubmatchIndex(b2, n) {
    const result = this.allMatches(MachineInput.fromUTF8(b2), n);
    if (result.length === 0) return null;
    return result;
  }
  /**
  * {@code findAllSubmatch} is the <a href='#all'>All</a> version of {@link #findSubmatch}; it
  * returns a list of up to {@code n} successive matches of the expression, as defined by the <a
  * href='#all'>All</a> description above.
  *
  * A return value of null indicates no match.
  */
  findAllSubmatch(s, n) {
    const result = this.allMatches(MachineInput.fromUTF16(s), n, (match) => {
      let slice = new Array(match.length / 2 | 0).fill(null);
      for (let j = 0; j < slice.length; j++) if (match[2 * j] >= 0) slice[j] = s.substring(match[2 * j], match[2 * j + 1]);
      return slice;
    });
    if (result.length === 0) return null;
    return result;
  }
  /**
  * {@code findAllSubmatchIndex} is the <a href='#all'>All</a> version of
  * {@link #findSubmatchIndex}; it returns a list of up to {@code n} successive matches of the
  * expression, as defined by the <a href='#all'>All</a> description above.
  *
  * A return value of null indicates no match.
  */
  findAllSubmatchIndex(s, n) {
    const result = this.allMatches(MachineInput.fromUTF16(s), n);
    if (result.length === 0) return null;
    return result;
  }
};
var RE2Set = class RE2Set2 {
  /** @type {number} */
  static UNANCHORED = RE2Flags.UNANCHORED;
  /** @type {number} */
  static ANCHOR_START = RE2Flags.ANCHOR_START;
  /** @type {number} */
  static ANCHOR_BOTH = RE2Flags.ANCHOR_BOTH;
  /**
  * Constructs a new RE2Set with the specified anchor mode and flags.
  * @param {number} [anchor=RE2Set.UNANCHORED] - The anchoring mode (e.g., RE2Set.UNANCHORED).
  * @param {number} [flags=0] - The public flags to apply to all patterns in the set.
  * @param {number} [maxMem=8388608] - The maximum memory in bytes to use for the DFA (default 8MB).
  */
  constructor(anchor = RE2Set2.UNANCHORED, flags = 0, maxMem = 8388608) {
    if (![
      RE2Set2.UNANCHORED,
      RE2Set2.ANCHOR_START,
      RE2Set2.ANCHOR_BOTH
    ].includes(anchor)) throw new RE2JSFlagsException("The anchor should be RE2Set.UNANCHORED, RE2Set.ANCHOR_START or RE2Set.ANCHOR_BOTH");
    Utils.checkFlags(flags);
    this.anchor = anchor;
    this.jsFlags = flags;
    this.maxMem = maxMem;
    let re2Flags = RE2Flags.PERL;
    if ((flags & PublicFlags.DISABLE_UNICODE_GROUPS) !== 0) re2Flags &= ~RE2Flags.UNICODE_GROUPS;
    if ((flags & PublicFlags.LOOKBEHINDS) !== 0) re2Flags |= RE2Flags.LOOKBEHIND;
    this.re2Flags = re2Flags;
    this.regexps = [];
    this.prog = null;
    this.dfa = null;
    this.dummyRe2 = null;
  }
  /**
  * Adds a new regular expression pattern to the set.
  * Patterns cannot be added after the set has been compiled.
  * @param {string} pattern - The regular expression pattern to add.
  * @returns {number} The integer index assigned to the added pattern.
  * @throws {RE2JSCompileException} If patterns are added after compilation.
  */
  add(pattern) {
    if (this.prog) throw new RE2JSCompileException("Cannot add patterns after compile");
    Utils.checkPattern(pattern);
    let fregex = pattern;
    if ((this.jsFlags & PublicFlags.CASE_INSENSITIVE) !== 0) fregex = `(?i)${fregex}`;
    if ((this.jsFlags & PublicFlags.DOTALL) !== 0) fregex = `(?s)${fregex}`;
    if ((this.jsFlags & PublicFlags.MULTILINE) !== 0) fregex = `(?m)${fregex}`;
    const re = Parser.parse(fregex, this.re2Flags);
    this.regexps.push(Simplify.simplify(re));
    return this.regexps.length - 1;
  }
  /**
  * Compiles the added patterns into a single state machine.
  * This is automatically called on the first match if not called explicitly.
  * @returns {void}
  */
  compile() {
    if (this.prog) return;
    const prog = Compiler.compileSet(this.regexps);
    if (prog.numInst() > Parser.MAX_SIZE) throw new RE2JSCompileException(`${Parser.ERR_LARGE}: the set compiles to ${prog.numInst()} instructions, more than ${Parser.MAX_SIZE}`);
    this.prog = prog;
    this.dfa = new DFA(this.prog, this.maxMem);
    this.dummyRe2 = {
      prog: this.prog,
      cond: this.prog.startCond(),
      prefix: "",
      prefixRune: 0,
      longest: false
    };
  }
  /**
  * Matches the input against the compiled set of regular expressions.
  * @param {string|number[]|Uint8Array} input - The input string or UTF-8 byte array to match against.
  * @returns {number[]} An array of indices representing the patterns that successfully matched the input.
  */
  match(input) {
    if (!this.prog) this.compile();
    const machineInput = Utils.isByteArray(input) ? MachineInput.fromUTF8(input) : MachineInput.fromUTF16(input);
    let internalAnchor = RE2Flags.UNANCHORED;
    if (this.anchor === RE2Set2.ANCHOR_START) internalAnchor = RE2Flags.ANCHOR_START;
    else if (this.anchor === RE2Set2.ANCHOR_BOTH) internalAnchor = RE2Flags.ANCHOR_BOTH;
    const dfaResult = this.dfa.matchSet(machineInput, 0, internalAnchor);
    if (dfaResult !== null) return dfaResult;
    const machine = Machine.fromRE2(this.dummyRe2);
    machine.init(0);
    return machine.matchSet(machineInput, 0, internalAnchor);
  }
};
var TranslateRegExpString = class TranslateRegExpString2 {
  static isHexadecimal(ch) {
    return "0" <= ch && ch <= "9" || "A" <= ch && ch <= "F" || "a" <= ch && ch <= "f";
  }
  static translate(data) {
    let prefixFlags = "";
    if (Object.prototype.toString.call(data) === "[object RegExp]") {
      if (data.ignoreCase) prefixFlags += "i";
      if (data.multiline) prefixFlags += "m";
      if (data.dotAll) prefixFlags += "s";
      data = data.source;
    }
    if (typeof data !== "string") return data;
    let result = "";
    let changed = false;
    let size = data.length;
    if (size === 0) {
      result = "(?:)";
      changed = true;
    }
    let inCharClass = false;
    let i = 0;
    while (i < size) {
      let ch = data[i];
      if (ch === "\\") {
        if (i + 1 < size) {
          ch = data[i + 1];
          switch (ch) {
            case "\\":
              result += "\\\\";
              i += 2;
              continue;
            case "c":
              if (i + 2 < size) {
                let code = data[i + 2].charCodeAt(0);
                if (code >= 65 && code <= 90 || code >= 97 && code <= 122) {
                  let val = code % 32;
                  result += "\\x";
                  result += (val >> 4).toString(16).toUpperCase();
                  result += (val & 15).toString(16).toUpperCase();
                  i += 3;
                  changed = true;
                  continue;
                }
              }
              result += "c";
              i += 2;
              changed = true;
              continue;
            case "u":
              if (i + 2 < size) {
                if (data[i + 2] === "{") {
                  let j = i + 3;
                  let hasHex = false;
                  let closed = false;
                  while (j < size) {
                    const hexChar = data[j];
                    if (hexChar === "}") {
                      closed = true;
                      break;
                    }
                    if (!TranslateRegExpString2.isHexadecimal(hexChar)) break;
                    hasHex = true;
                    j++;
                  }
                  if (closed && hasHex) {
                    result += "\\x";
                    i += 2;
                    changed = true;
                    continue;
                  }
                } else if (i + 5 < size) {
                  let isHex4 = true;
                  for (let j = 0; j < 4; j++) if (!TranslateRegExpString2.isHexadecimal(data[i + 2 + j])) {
                    isHex4 = false;
                    break;
                  }
                  if (isHex4) {
                    result += "\\x{" + data.substring(i + 2, i + 6) + "}";
                    i += 6;
                    changed = true;
                    continue;
                  }
                }
              }
              result += "u";
              i += 2;
              changed = true;
              continue;
            case "x": {
              let isValidHex = false;
              if (i + 2 < size && data[i + 2] === "{") {
                let j = i + 3;
                let hasHex = false;
                let closed = false;
                while (j < size) {
                  const hexChar = data[j];
                  if (hexChar === "}") {
                    closed = true;
                    break;
                  }
                  if (!TranslateRegExpString2.isHexadecimal(hexChar)) break;
                  hasHex = true;
                  j++;
                }
                if (closed && hasHex) isValidHex = true;
              } else if (i + 3 < size && TranslateRegExpString2.isHexadecimal(data[i + 2]) && TranslateRegExpString2.isHexadecimal(data[i + 3])) isValidHex = true;
              if (isValidHex) {
                result += "\\x";
                i += 2;
              } else {
                result += "x";
                i += 2;
                changed = true;
              }
              continue;
            }
            case "n":
            case "r":
            case "t":
            case "a":
            case "f":
            case "v":
            case "d":
            case "D":
            case "s":
            case "S":
            case "w":
            case "W":
            case "b":
            case "B":
            case "p":
            case "P":
            case "A":
            case "z":
            case "Q":
            case "E":
            case "0":
            case "1":
            case "2":
            case "3":
            case "4":
            case "5":
            case "6":
            case "7":
              result += "\\" + ch;
              i += 2;
              continue;
            default: {
              let cp2 = data.codePointAt(i + 1);
              if (cp2 >= 48 && cp2 <= 57 || cp2 >= 65 && cp2 <= 90 || cp2 >= 97 && cp2 <= 122) {
                let symSize2 = Utils.charCount(cp2);
                result += data.substring(i + 1, i + 1 + symSize2);
                i += symSize2 + 1;
                changed = true;
              } else {
                result += "\\";
                let symSize2 = Utils.charCount(cp2);
                result += data.substring(i + 1, i + 1 + symSize2);
                i += symSize2 + 1;
              }
              continue;
            }
          }
        }
      } else if (ch === "/") {
        result += "\\/";
        i += 1;
        changed = true;
        continue;
      } else if (ch === "[") {
        if (!inCharClass && data[i + 1] === "]") {
          result += "[^\\x00-\\x{10FFFF}]";
          i += 2;
          changed = true;
          continue;
        }
        if (!inCharClass && data[i + 1] === "^" && data[i + 2] === "]") {
          result += "[\\x00-\\x{10FFFF}]";
          i += 3;
          changed = true;
          continue;
        }
        inCharClass = true;
      } else if (ch === "]") inCharClass = false;
      else if (!inCharClass && ch === "(" && i + 2 < size && data[i + 1] === "?" && data[i + 2] === "<") {
        if (i + 3 < size && !"=!>)".includes(data[i + 3])) {
          result += "(?P<";
          i += 3;
          changed = true;
          continue;
        }
      }
      let cp = data.codePointAt(i);
      let symSize = Utils.charCount(cp);
      result += data.substring(i, i + symSize);
      i += symSize;
    }
    const finalResult = changed ? result : data;
    if (prefixFlags.length > 0) return `(?${prefixFlags})${finalResult}`;
    return finalResult;
  }
};
var execResult = (m, input) => {
  const result = m.matchArray();
  result.index = m.start(0);
  result.input = input;
  result.groups = m.namedGroupsObject();
  return result;
};
var RE2JS = class RE2JS2 {
  /**
  * Flag: case insensitive matching.
  */
  static CASE_INSENSITIVE = PublicFlags.CASE_INSENSITIVE;
  /**
  * Flag: dot ({@code .}) matches all characters, including newline.
  */
  static DOTALL = PublicFlags.DOTALL;
  /**
  * Flag: multiline matching: {@code ^} and {@code $} match at beginning and end of line, not just
  * beginning and end of input.
  */
  static MULTILINE = PublicFlags.MULTILINE;
  /**
  * Flag: Unicode groups (e.g. {@code \p\ Greek\} ) will be syntax errors.
  */
  static DISABLE_UNICODE_GROUPS = PublicFlags.DISABLE_UNICODE_GROUPS;
  /**
  * Flag: matches longest possible string.
  */
  static LONGEST_MATCH = PublicFlags.LONGEST_MATCH;
  /**
  * Flag: enable linear-time captureless lookbehinds.
  */
  static LOOKBEHINDS = PublicFlags.LOOKBEHINDS;
  /**
  * Returns a literal pattern string for the specified string.
  *
  * This method produces a string that can be used to create a <code>RE2JS</code> that would
  * match the string <code>s</code> as if it were a literal pattern.
  *
  * Metacharacters or escape sequences in the input sequence will be given no special meaning.
  *
  * @param {string} str The string to be literalized
  * @returns {string} A literal string replacement
  */
  static quote(str) {
    return Utils.quoteMeta(str);
  }
  /**
  * Quotes '\' and '$' in {@code str}, so that the returned string could be used in
  * replacement methods as a literal replacement of {@code str}.
  *
  * This is a convenience delegation to {@link Matcher.quoteReplacement}.
  *
  * @param {string} str the string to be quoted
  * @param {boolean} [javaMode=false] whether the replacement will be used in javaMode
  * @returns {string} the quoted string
  */
  static quoteReplacement(str, javaMode = false) {
    return Matcher.quoteReplacement(str, javaMode);
  }
  /**
  * Translates a given regular expression string to ensure compatibility with RE2JS.
  *
  * This function preprocesses the input regex string by applying necessary transformations,
  * such as escaping special characters (e.g., `/`), converting named capture groups to
  * RE2JS-compatible syntax, and handling Unicode sequences properly. It ensures that the
  * resulting regex is safe and properly formatted before compilation.
  *
  * @param {string|RegExp} expr - The regular expression string to be translated.
  * @returns {string} - The transformed regular expression string, ready for compilation.
  */
  static translateRegExp(expr) {
    return TranslateRegExpString.translate(expr);
  }
  /**
  * Helper: create new RE2JS with given regex and flags. Flregex is the regex with flags applied.
  * @param {string} regex
  * @param {number} [flags=0]
  * @returns {RE2JS}
  */
  static compile(regex, flags = 0) {
    Utils.checkPattern(regex);
    Utils.checkFlags(flags);
    let fregex = regex;
    if ((flags & RE2JS2.CASE_INSENSITIVE) !== 0) fregex = `(?i)${fregex}`;
    if ((flags & RE2JS2.DOTALL) !== 0) fregex = `(?s)${fregex}`;
    if ((flags & RE2JS2.MULTILINE) !== 0) fregex = `(?m)${fregex}`;
    let re2Flags = RE2Flags.PERL;
    if ((flags & RE2JS2.DISABLE_UNICODE_GROUPS) !== 0) re2Flags &= ~RE2Flags.UNICODE_GROUPS;
    if ((flags & RE2JS2.LOOKBEHINDS) !== 0) re2Flags |= RE2Flags.LOOKBEHIND;
    const p = new RE2JS2(regex, flags);
    p.re2Input = RE2.compileImpl(fregex, re2Flags, (flags & RE2JS2.LONGEST_MATCH) !== 0);
    return p;
  }
  /**
  * Matches a string against a regular expression.
  *
  * @param {string} regex the regular expression
  * @param {string|number[]|Uint8Array} input the input
  * @returns {boolean} true if the regular expression matches the entire input
  * @throws RE2JSSyntaxException if the regular expression is malformed
  */
  static matches(regex, input) {
    return RE2JS2.compile(regex).testExact(input);
  }
  /**
  * This is visible for testing.
  * @private
  */
  static initTest(pattern, flags, re2) {
    if (pattern == null) throw new Error("pattern is null");
    if (re2 == null) throw new Error("re2 is null");
    const p = new RE2JS2(pattern, flags);
    p.re2Input = re2;
    return p;
  }
  /**
  *
  * @param {string} pattern
  * @param {number} flags
  */
  constructor(pattern, flags) {
    this.patternInput = pattern;
    this.flagsInput = flags;
    this.re2Input = null;
  }
  /**
  * Releases memory used by internal caches associated with this pattern. Does not change the
  * observable behaviour. Useful for tests that detect memory leaks via allocation tracking.
  */
  reset() {
    this.re2Input.reset();
  }
  /**
  * Returns the flags used in the constructor.
  * @returns {number}
  */
  flags() {
    return this.flagsInput;
  }
  /**
  * Returns the pattern used in the constructor.
  * @returns {string}
  */
  pattern() {
    return this.patternInput;
  }
  re2() {
    return this.re2Input;
  }
  /**
  * Matches a string against a regular expression.
  *
  * @param {string|number[]|Uint8Array} input the input
  * @returns {boolean} true if the regular expression matches the entire input
  */
  matches(input) {
    return this.testExact(input);
  }
  /**
  * Creates a new {@code Matcher} matching the pattern against the input.
  *
  * @param {string|number[]|Uint8Array|MatcherInputBase} input the input string
  * @returns {Matcher}
  */
  matcher(input) {
    if (Utils.isByteArray(input)) input = MatcherInput.utf8(input);
    return new Matcher(this, input);
  }
  /**
  * Tests whether the regular expression matches any part of the input string.
  * Performance Note: This method is highly optimized. Because it only returns
  * a boolean and does not extract capture groups, it bypasses the `Matcher` overhead
  * and guarantees execution on the high-speed DFA engine whenever possible.
  *
  * @param {string|number[]|Uint8Array} input - The input string or UTF-8 byte array to test against.
  * @returns {boolean} `true` if the pattern is found anywhere in the input, `false` otherwise.
  */
  test(input) {
    if (Utils.isByteArray(input)) return this.re2Input.matchUTF8(input);
    return this.re2Input.match(input);
  }
  /**
  * Tests whether the regular expression matches the ENTIRE input string.
  * * **Performance Note:** This operates identically to `.matches()`, but is significantly
  * faster because it does not request capture group data. By requesting 0 capture groups,
  * it securely routes execution through the DFA fast-path.
  *
  * @param {string|number[]|Uint8Array} input - The input string or UTF-8 byte array to test against.
  * @returns {boolean} `true` if the exact input string fully matches the pattern, `false` otherwise.
  */
  testExact(input) {
    const machineInput = Utils.isByteArray(input) ? MachineInput.fromUTF8(input) : MachineInput.fromUTF16(input);
    return this.re2Input.executeEngine(machineInput, 0, RE2Flags.ANCHOR_BOTH, 0) !== null;
  }
  /**
  * Executes a search for a match in a specified string.
  * Returns a result array, or null if no match is found.
  * The returned array perfectly mirrors standard JavaScript `RegExpExecArray`,
  * including `.index`, `.input`, and `.groups` properties.
  *
  * @param {string|number[]|Uint8Array} input the input string or byte array
  * @returns {Array|null} the match array with index, input, and groups properties, or null
  */
  exec(input) {
    const m = this.matcher(input);
    return m.find() ? execResult(m, input) : null;
  }
  /**
  * Splits input around instances of the regular expression. It returns an array giving the strings
  * that occur before, between, and after instances of the regular expression.
  *
  * If {@code limit <= 0}, there is no limit on the size of the returned array. If
  * {@code limit == 0}, empty strings that would occur at the end of the array are omitted. If
  * {@code limit > 0}, at most limit strings are returned. The final string contains the remainder
  * of the input, possibly including additional matches of the pattern.
  *
  * @param {string} input the input string to be split
  * @param {number} [limit=0] the limit
  * @returns {string[]} the split strings
  */
  split(input, limit = 0) {
    const m = this.matcher(input);
    const result = [];
    let emptiesSkipped = 0;
    let last = 0;
    while (m.find()) {
      if (last === 0 && m.end() === 0) {
        last = m.end();
        continue;
      }
      if (limit > 0 && result.length === limit - 1) break;
      if (last === m.start()) {
        if (limit === 0) {
          emptiesSkipped += 1;
          last = m.end();
          continue;
        }
      } else while (emptiesSkipped > 0) {
        result.push("");
        emptiesSkipped -= 1;
      }
      result.push(m.substring(last, m.start()));
      last = m.end();
    }
    if (limit === 0 && last !== m.inputLength()) {
      while (emptiesSkipped > 0) {
        result.push("");
        emptiesSkipped -= 1;
      }
      result.push(m.substring(last, m.inputLength()));
    }
    if (limit !== 0 || result.length === 0 && !(last === m.inputLength() && last > 0)) result.push(m.substring(last, m.inputLength()));
    return result;
  }
  /**
  * Returns an iterator of all results matching a string against the regular expression,
  * including capturing groups.
  *
  * @param {string|number[]|Uint8Array} input the input string or byte array
  * @returns {IterableIterator<RegExpMatchArray>}
  */
  *matchAll(input) {
    const m = this.matcher(input);
    while (m.find()) yield execResult(m, input);
  }
  /**
  *
  * @returns {string}
  */
  toString() {
    return this.patternInput;
  }
  /**
  * Returns the program size of this pattern.
  *
  * <p>
  * Similar to the C++ implementation, the program size is a very approximate measure of a regexp's
  * "cost". Larger numbers are more expensive than smaller numbers.
  * </p>
  *
  * @returns {number} the program size of this pattern
  */
  programSize() {
    return this.re2Input.numberOfInstructions();
  }
  /**
  * Returns the number of capturing groups in this matcher's pattern. Group zero denotes the entire
  * pattern and is excluded from this count.
  *
  * @returns {number} the number of capturing groups in this pattern
  */
  groupCount() {
    return this.re2Input.numberOfCapturingGroups();
  }
  /**
  * Return a map of the capturing groups in this matcher's pattern, where key is the name and value
  * is the index of the group in the pattern.
  * @returns {Record<string, number>}
  */
  namedGroups() {
    return this.re2Input.namedGroups;
  }
  /**
  *
  * @param {*} other
  * @returns {boolean}
  */
  equals(other) {
    if (this === other) return true;
    if (other === null || this.constructor !== other.constructor) return false;
    return this.flagsInput === other.flagsInput && this.patternInput === other.patternInput;
  }
};

// src/core/regexp.ts
function escapeRegExp(s) {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

// src/core/manifest/codeowners.ts
function tokenize(pattern) {
  const segments = [[]];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    const current = segments[segments.length - 1];
    if (ch === "\\" && i + 1 < pattern.length) {
      current.push({ kind: "literal", ch: pattern[i + 1] });
      i++;
    } else if (ch === "/") {
      segments.push([]);
    } else if (ch === "*") {
      current.push({ kind: "star" });
    } else if (ch === "?") {
      current.push({ kind: "question" });
    } else {
      current.push({ kind: "literal", ch });
    }
  }
  return segments;
}
var isDoubleStar = (seg) => seg.length === 2 && seg[0]?.kind === "star" && seg[1]?.kind === "star";
var isLoneStar = (seg) => seg.length === 1 && seg[0]?.kind === "star";
function segmentToRegExp(seg) {
  if (isLoneStar(seg)) return "[^/]+";
  let out = "";
  for (const token of seg) {
    if (token.kind === "star") out += "[^/]*";
    else if (token.kind === "question") out += "[^/]";
    else out += escapeRegExp(token.ch);
  }
  return out;
}
function compileCodeownersPattern(pattern) {
  const segments = tokenize(pattern);
  const anchored = segments.length > 1 && segments[0].length === 0;
  if (anchored) segments.shift();
  const directoryOnly = segments.length > 1 && segments[segments.length - 1].length === 0;
  if (directoryOnly) segments.pop();
  const floating = !anchored && segments.length === 1;
  let re = floating ? "^(?:.*/)?" : "^";
  segments.forEach((seg, i) => {
    const first = i === 0;
    const last = i === segments.length - 1;
    const previousWasDoubleStar = i > 0 && isDoubleStar(segments[i - 1]);
    if (isDoubleStar(seg)) {
      if (first && last) re += ".*";
      else if (first) re += "(?:.*/)?";
      else if (last) re += "/.+";
      else re += "/(?:.*/)?";
      return;
    }
    if (!first && !previousWasDoubleStar) re += "/";
    re += segmentToRegExp(seg);
  });
  const lastSegment = segments[segments.length - 1];
  if (isDoubleStar(lastSegment)) {
  } else if (directoryOnly) {
    re += "/.+";
  } else if (!(isLoneStar(lastSegment) && !floating)) {
    re += "(?:/.*)?";
  }
  return new RegExp(`${re}$`);
}
var cache = /* @__PURE__ */ new Map();
var CACHE_LIMIT = 1e4;
function matchCodeownersPath(pattern, path) {
  let re = cache.get(pattern);
  if (re === void 0) {
    re = compileCodeownersPattern(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, re);
  }
  const normalized = path.replace(/^\.?\/+/, "");
  return re.test(normalized);
}
function codeownersOf(codeowners, path) {
  for (let i = codeowners.entries.length - 1; i >= 0; i--) {
    const entry = codeowners.entries[i];
    if (matchCodeownersPath(entry.pattern, path)) return entry;
  }
  return null;
}

// src/core/detect/custom.ts
var MAX_WINDOW = 4096;
var MAX_MATCHES_PER_FILE = 100;
function compileManifestDetection(detectors = [], allowlist) {
  if (detectors.length === 0 && allowlist === void 0) return void 0;
  return {
    detectors: detectors.map((spec) => {
      const re = RE2JS.compile(spec.regex);
      return { spec, re, group: re.groupCount() > 0 ? 1 : 0 };
    }),
    values: new Set(allowlist?.values ?? []),
    regexes: (allowlist?.regexes ?? []).map((source) => RE2JS.compile(source)),
    paths: (allowlist?.paths ?? []).map((pattern) => compileCodeownersPattern(pattern))
  };
}
function isAllowedByManifest(detection, path, secret) {
  if (detection === void 0) return false;
  if (detection.paths.some((re) => re.test(path))) return true;
  if (secret === void 0) return false;
  return detection.values.has(secret) || detection.regexes.some((re) => re.matcher(secret).find());
}
function detectWithManifest(file, detection) {
  if (detection === void 0 || detection.detectors.length === 0) return [];
  const { path, text } = file;
  if (text.length === 0 || isAllowedPath(COMPILED_GLOBAL_ALLOWLIST, path) || text.slice(0, 8e3).includes("\0")) return [];
  if (isAllowedByManifest(detection, path)) return [];
  const lower = text.toLowerCase();
  let starts;
  const out = [];
  for (const { spec, re, group } of detection.detectors) {
    const seen = /* @__PURE__ */ new Set();
    for (const keyword of spec.keywords) {
      let covered = -1;
      for (let at = lower.indexOf(keyword); at !== -1 && seen.size < MAX_MATCHES_PER_FILE; at = lower.indexOf(keyword, at + 1)) {
        if (at < covered) continue;
        const lineStart = text.lastIndexOf("\n", at - 1) + 1;
        let lineEnd = text.indexOf("\n", at);
        if (lineEnd === -1) lineEnd = text.length;
        const from = Math.max(lineStart, at - MAX_WINDOW);
        const to = Math.min(lineEnd, at + MAX_WINDOW);
        covered = to;
        const m = re.matcher(text.slice(from, to));
        while (m.find() && seen.size < MAX_MATCHES_PER_FILE) {
          const secret = m.group(group);
          const start = from + m.start(group);
          if (secret === null || secret === "" || seen.has(start)) continue;
          if (isAllowedValue(COMPILED_GLOBAL_ALLOWLIST, secret, m.group(0) ?? secret, void 0) || isAllowedByManifest(detection, path, secret)) continue;
          seen.add(start);
          starts ??= lineStarts(text);
          const begin = positionAt(starts, start);
          const end = positionAt(starts, from + m.end(group));
          out.push({
            detector: spec.id,
            description: spec.description,
            location: { file: path, line: begin.line, column: begin.column, endLine: end.line, endColumn: end.column },
            preview: redact(secret, spec.id),
            valueHash: hashValue(secret),
            length: [...secret].length,
            identity: spec.identity
          });
        }
      }
    }
  }
  return out;
}

// src/core/detect/embedded-docs.ts
var PYTHON_PATH = /\.py$/i;
var ANSIBLE_DOC_BLOCK = /^(DOCUMENTATION|EXAMPLES|RETURN)[ \t]*=[ \t]*[rRuU]?('''|""")/gm;
var CONTEXT_OF = { DOCUMENTATION: "docs", RETURN: "docs", EXAMPLES: "example" };
var CONFIG_COMMENTS = [
  { path: /\.(?:ya?ml|toml)$|(?:^|\/)\.env(?:\.[\w.-]+)?$|\.env$/i, markers: "#" },
  { path: /\.(?:ini|cfg|conf)$/i, markers: "#;" },
  { path: /\.properties$/i, markers: "#!" }
];
function configCommentMarkers(path) {
  return CONFIG_COMMENTS.find((entry) => entry.path.test(path))?.markers;
}
function isCommentLine(text, start, markers) {
  let i = start;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i += 1;
  const first = text.charAt(i);
  return first !== "" && markers.includes(first);
}
function embeddedDocs(path, text) {
  if (!PYTHON_PATH.test(path) || !(text.includes("EXAMPLES") || text.includes("DOCUMENTATION") || text.includes("RETURN"))) return [];
  const blocks = [];
  let starts;
  ANSIBLE_DOC_BLOCK.lastIndex = 0;
  for (let m = ANSIBLE_DOC_BLOCK.exec(text); m !== null; m = ANSIBLE_DOC_BLOCK.exec(text)) {
    const [opener, name = "", quote = "'''"] = m;
    const bodyStart = m.index + opener.length;
    const close = text.indexOf(quote, bodyStart);
    if (close === -1) break;
    starts ??= lineStarts(text);
    blocks.push({ startLine: positionAt(starts, m.index).line, endLine: positionAt(starts, close).line, context: CONTEXT_OF[name] ?? "docs" });
    ANSIBLE_DOC_BLOCK.lastIndex = close + quote.length;
  }
  return blocks;
}

// src/core/detect/entropy.ts
function shannonEntropy(value) {
  const length = value.length;
  if (length === 0) return 0;
  const counts = /* @__PURE__ */ new Map();
  for (let i = 0; i < length; i += 1) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

// src/core/detect/fake.ts
var ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
var UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
var BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
var HEX = "0123456789abcdef";
var BASE64 = `${ALNUM}+/`;
var BASE64URL = `${ALNUM}-_`;
function fake(alphabet, length, seed = 0) {
  const n = alphabet.length;
  let stride = 7 + seed % 5 * 2;
  while (gcd(stride, n) !== 1) stride += 1;
  let out = "";
  for (let i = 0; i < length; i += 1) out += alphabet[(seed * 3 + i * stride) % n] ?? "";
  return out;
}
function gcd(a, b2) {
  return b2 === 0 ? a : gcd(b2, a % b2);
}

// src/core/detect/fragments.ts
var L = "(?<![A-Za-z0-9_])";
var R = "(?![A-Za-z0-9_])";
var OP = "[ \\t]*(?::=|=>|[:=])[ \\t]*";
var SHELL_DEFAULT = "(?:\\$\\{[A-Za-z_][A-Za-z0-9_]*:?[-=])?";
var assign = (key) => `(?<![\\w.\\-]|\\$\\{)(["']?)(${key})\\1${OP}(["'\`]?)${SHELL_DEFAULT}`;
var QUOTED_LITERAL_PATHS = [
  "\\.(?:[cm]?[jt]sx?|py|go|java|kts?|rb|php|cs|rs|swift|scala|c|cc|cpp|h|hpp|dart|lua|exs?|clj)$",
  // Single-file components: their <script> is code (`const token = isOAuth2 ? …` in a .vue file).
  "\\.(?:vue|svelte|astro|razor)$",
  "\\.(?:tf|tfvars|hcl)$"
];

// src/core/detect/providers.ts
var LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
var LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
var DIGITS = "0123456789";
var UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
var envName = (id) => id.toUpperCase().replace(/-/g, "_");
var uuid = (seed) => `${fake(HEX, 8, seed)}-${fake(HEX, 4, seed + 1)}-${fake(HEX, 4, seed + 2)}-${fake(HEX, 4, seed + 3)}-${fake(HEX, 12, seed + 4)}`;
function prefixed(spec) {
  const first = spec.anchors[0] ?? "";
  return {
    id: spec.id,
    description: spec.description,
    pattern: `${L}(${spec.token})(?![A-Za-z0-9_\\-])`,
    ...spec.flags === void 0 ? {} : { flags: spec.flags },
    secretGroup: 1,
    keywords: [...new Set(spec.anchors.map((a) => a.toLowerCase()))],
    anchors: spec.anchors,
    entropy: spec.entropy ?? 3,
    identity: spec.identity ?? false,
    ...spec.checksum === void 0 ? {} : { checksum: spec.checksum },
    examples: {
      match: [`${envName(spec.id)}=${spec.samples[0]}`, `  token: "${spec.samples[1]}"`],
      noMatch: spec.noMatch ?? [`${envName(spec.id)}=${first}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `token: ${first}<your-token>`]
    }
  };
}
var CREDENTIAL_WORD = "(?:secret|token|key|password|passwd|pass|auth|credential|skey|pat)";
function keyed(spec) {
  return {
    id: spec.id,
    description: spec.description,
    // Not followed by `(` or `.`: `get_keycloak_config_key(...)`, `self.convert_role_composites(...)`
    // are calls, and a value cut short at a `.` is an attribute path, not a token.
    pattern: `${assign(`[\\w.\\-]{0,40}(?:${spec.keys.join("|")})[\\w.\\-]{0,40}`)}(${spec.value})(?![A-Za-z0-9_\\-(.])`,
    flags: "i",
    secretGroup: 4,
    keyGroup: 2,
    keyPattern: spec.keyPattern ?? CREDENTIAL_WORD,
    keywords: spec.keys,
    anchor: "key",
    entropy: spec.entropy ?? 3,
    identity: spec.identity ?? false,
    // In code `keycloak_key = get_keycloak_config_key(...)` is a call: only a quoted value is a literal.
    quotedIn: { paths: QUOTED_LITERAL_PATHS, quoteGroup: 3 },
    allowlist: { keys: [NON_CREDENTIAL_KEY_PATTERN] },
    examples: { match: spec.samples, noMatch: spec.noMatch }
  };
}
var keyWith = (word) => `^(?=.*(?:^|_)(?:${word})(?:_|$))(?=.*(?:^|_)(?!(?:${word})(?:_|$))[a-z0-9]*${CREDENTIAL_WORD})`;
var PROVIDER_DETECTORS = [
  // ------------------------------------------------------------------------------------------
  // AI providers
  prefixed({
    id: "openai-api-key",
    description: "OpenAI API key (project, service account, admin or legacy user key)",
    anchors: ["T3BlbkFJ"],
    token: String.raw`sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{58,74}T3BlbkFJ[A-Za-z0-9_\-]{58,74}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})`,
    samples: [`sk-proj-${fake(BASE64URL, 74, 200)}T3BlbkFJ${fake(BASE64URL, 74, 201)}`, `sk-${fake(ALNUM, 20, 202)}T3BlbkFJ${fake(ALNUM, 20, 203)}`],
    noMatch: ["OPENAI_API_KEY=sk-proj-...T3BlbkFJ...", "OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx"]
  }),
  prefixed({
    id: "anthropic-api-key",
    description: "Anthropic API key",
    anchors: ["sk-ant-api03-"],
    token: String.raw`sk-ant-api03-[A-Za-z0-9_\-]{93}AA`,
    samples: [`sk-ant-api03-${fake(BASE64URL, 93, 204)}AA`, `sk-ant-api03-${fake(ALNUM, 93, 205)}AA`]
  }),
  prefixed({
    id: "anthropic-admin-key",
    description: "Anthropic Admin API key",
    anchors: ["sk-ant-admin01-"],
    token: String.raw`sk-ant-admin01-[A-Za-z0-9_\-]{93}AA`,
    samples: [`sk-ant-admin01-${fake(BASE64URL, 93, 206)}AA`, `sk-ant-admin01-${fake(ALNUM, 93, 207)}AA`]
  }),
  prefixed({
    id: "huggingface-token",
    description: "Hugging Face user access token",
    anchors: ["hf_"],
    token: "hf_[A-Za-z]{34}",
    samples: [`hf_${fake(LETTERS, 34, 208)}`, `hf_${fake(LETTERS, 34, 209)}`]
  }),
  prefixed({
    id: "huggingface-org-token",
    description: "Hugging Face organization API token",
    anchors: ["api_org_"],
    token: "api_org_[A-Za-z]{34}",
    samples: [`api_org_${fake(LETTERS, 34, 210)}`, `api_org_${fake(LETTERS, 34, 211)}`]
  }),
  prefixed({
    id: "groq-api-key",
    description: "Groq API key",
    anchors: ["gsk_"],
    token: "gsk_[A-Za-z0-9]{52}",
    samples: [`gsk_${fake(ALNUM, 52, 212)}`, `gsk_${fake(ALNUM, 52, 213)}`]
  }),
  prefixed({
    id: "xai-api-key",
    description: "xAI (Grok) API key",
    anchors: ["xai-"],
    token: "xai-[A-Za-z0-9]{80}",
    samples: [`xai-${fake(ALNUM, 80, 214)}`, `xai-${fake(ALNUM, 80, 215)}`]
  }),
  prefixed({
    id: "perplexity-api-key",
    description: "Perplexity API key",
    anchors: ["pplx-"],
    token: "pplx-[A-Za-z0-9]{48}",
    samples: [`pplx-${fake(ALNUM, 48, 216)}`, `pplx-${fake(ALNUM, 48, 217)}`]
  }),
  prefixed({
    id: "replicate-api-token",
    description: "Replicate API token",
    anchors: ["r8_"],
    token: "r8_[A-Za-z0-9]{37}",
    samples: [`r8_${fake(ALNUM, 37, 218)}`, `r8_${fake(ALNUM, 37, 219)}`]
  }),
  prefixed({
    id: "openrouter-api-key",
    description: "OpenRouter API key",
    anchors: ["sk-or-v1-"],
    token: "sk-or-v1-[0-9a-f]{64}",
    samples: [`sk-or-v1-${fake(HEX, 64, 220)}`, `sk-or-v1-${fake(HEX, 64, 221)}`]
  }),
  prefixed({
    id: "langsmith-api-key",
    description: "LangSmith personal access token or service key",
    anchors: ["lsv2_pt_", "lsv2_sk_"],
    token: "lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}",
    samples: [`lsv2_pt_${fake(HEX, 32, 222)}_${fake(HEX, 10, 223)}`, `lsv2_sk_${fake(HEX, 32, 224)}_${fake(HEX, 10, 225)}`]
  }),
  prefixed({
    id: "pinecone-api-key",
    description: "Pinecone API key",
    anchors: ["pcsk_"],
    token: "pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{40,80}",
    samples: [`pcsk_${fake(ALNUM, 6, 226)}_${fake(ALNUM, 63, 227)}`, `pcsk_${fake(ALNUM, 5, 228)}_${fake(ALNUM, 60, 229)}`]
  }),
  keyed({
    id: "mistral-api-key",
    description: "Mistral AI API key assigned to a Mistral setting",
    keys: ["mistral"],
    value: "[a-z0-9]{32}",
    samples: [`MISTRAL_API_KEY=${fake(ALNUM, 32, 230)}`, `mistral_token: "${fake(ALNUM, 32, 231)}"`],
    noMatch: ["MISTRAL_API_KEY=${MISTRAL_API_KEY}", "MISTRAL_MODEL=mistral-large-latest"]
  }),
  keyed({
    id: "cohere-api-key",
    description: "Cohere API key assigned to a Cohere setting",
    keys: ["cohere", "co_api_key"],
    value: "[a-z0-9]{40}",
    samples: [`COHERE_API_KEY=${fake(ALNUM, 40, 232)}`, `CO_API_KEY: "${fake(ALNUM, 40, 233)}"`],
    noMatch: ["COHERE_API_KEY=<cohere-key>", "cohere_model: command-r-plus"]
  }),
  keyed({
    id: "deepseek-api-key",
    description: "DeepSeek API key assigned to a DeepSeek setting",
    keys: ["deepseek"],
    value: "sk-[0-9a-f]{32}",
    samples: [`DEEPSEEK_API_KEY=sk-${fake(HEX, 32, 234)}`, `deepseek_key: "sk-${fake(HEX, 32, 235)}"`],
    noMatch: ["DEEPSEEK_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "deepseek_model: deepseek-chat"]
  }),
  // ------------------------------------------------------------------------------------------
  // Source hosting, CI and package registries
  prefixed({
    id: "gitlab-ci-job-token",
    description: "GitLab CI/CD job token",
    anchors: ["glcbt-"],
    token: String.raw`glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_\-]{20}`,
    samples: [`glcbt-64_${fake(ALNUM, 20, 236)}`, `glcbt-a1_${fake(BASE64URL, 20, 237)}`]
  }),
  prefixed({
    id: "gitlab-feed-token",
    description: "GitLab feed token",
    anchors: ["glft-"],
    token: String.raw`glft-[0-9a-zA-Z_\-]{20}`,
    samples: [`glft-${fake(ALNUM, 20, 238)}`, `glft-${fake(BASE64URL, 20, 239)}`]
  }),
  prefixed({
    id: "gitlab-agent-token",
    description: "GitLab agent for Kubernetes token",
    anchors: ["glagent-"],
    token: String.raw`glagent-[0-9a-zA-Z_\-]{50}`,
    samples: [`glagent-${fake(ALNUM, 50, 240)}`, `glagent-${fake(BASE64URL, 50, 241)}`]
  }),
  prefixed({
    id: "gitlab-oauth-app-secret",
    description: "GitLab OAuth application secret",
    anchors: ["gloas-"],
    token: String.raw`gloas-[0-9a-zA-Z_\-]{64}`,
    samples: [`gloas-${fake(ALNUM, 64, 242)}`, `gloas-${fake(BASE64URL, 64, 243)}`]
  }),
  prefixed({
    id: "gitlab-scim-token",
    description: "GitLab SCIM token",
    anchors: ["glsoat-"],
    token: String.raw`glsoat-[0-9a-zA-Z_\-]{20}`,
    samples: [`glsoat-${fake(ALNUM, 20, 244)}`, `glsoat-${fake(BASE64URL, 20, 245)}`],
    identity: true
  }),
  prefixed({
    id: "gitlab-incoming-mail-token",
    description: "GitLab incoming email token",
    anchors: ["glimt-"],
    token: String.raw`glimt-[0-9a-zA-Z_\-]{25}`,
    samples: [`glimt-${fake(ALNUM, 25, 246)}`, `glimt-${fake(BASE64URL, 25, 247)}`]
  }),
  prefixed({
    id: "gitlab-feature-flag-token",
    description: "GitLab feature flags client token",
    anchors: ["glffct-"],
    token: String.raw`glffct-[0-9a-zA-Z_\-]{20}`,
    samples: [`glffct-${fake(ALNUM, 20, 248)}`, `glffct-${fake(BASE64URL, 20, 249)}`]
  }),
  prefixed({
    id: "bitbucket-app-password",
    description: "Bitbucket app password or API token",
    anchors: ["ATBB"],
    token: String.raw`ATBB[A-Za-z0-9_=.\-]{28,40}`,
    samples: [`ATBB${fake(ALNUM, 32, 250)}`, `ATBB${fake(ALNUM, 36, 251)}`]
  }),
  prefixed({
    id: "atlassian-api-token",
    description: "Atlassian (Jira, Confluence) API token",
    anchors: ["ATATT3"],
    token: String.raw`ATATT3[A-Za-z0-9_\-=]{186}`,
    samples: [`ATATT3${fake(BASE64URL, 186, 252)}`, `ATATT3${fake(ALNUM, 186, 253)}`]
  }),
  prefixed({
    id: "azure-devops-pat",
    description: "Azure DevOps personal access token or Azure key in the annotated format (JQQJ9 signature)",
    anchors: ["JQQJ9"],
    token: "[A-Za-z0-9]{52}JQQJ9[A-Za-z0-9]{27}",
    samples: [`${fake(ALNUM, 52, 254)}JQQJ99${fake(ALNUM, 26, 255)}`, `${fake(ALNUM, 52, 256)}JQQJ9D${fake(ALNUM, 26, 257)}`],
    noMatch: ["AZURE_DEVOPS_PAT=JQQJ9", "token: <azure-devops-pat>"]
  }),
  prefixed({
    id: "circleci-token",
    description: "CircleCI personal or project API token",
    anchors: ["CCIPAT_", "CCIPRJ_"],
    token: "CCIP(?:AT|RJ)_[A-Za-z0-9]{22}_[0-9a-f]{40}",
    samples: [`CCIPAT_${fake(ALNUM, 22, 258)}_${fake(HEX, 40, 259)}`, `CCIPRJ_${fake(ALNUM, 22, 260)}_${fake(HEX, 40, 261)}`]
  }),
  prefixed({
    id: "buildkite-token",
    description: "Buildkite API access token",
    anchors: ["bkua_"],
    token: "bkua_[a-f0-9]{40}",
    samples: [`bkua_${fake(HEX, 40, 262)}`, `bkua_${fake(HEX, 40, 263)}`]
  }),
  prefixed({
    id: "docker-hub-token",
    description: "Docker Hub personal or organization access token",
    anchors: ["dckr_pat_", "dckr_oat_"],
    token: String.raw`dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,32}`,
    samples: [`dckr_pat_${fake(BASE64URL, 27, 264)}`, `dckr_oat_${fake(ALNUM, 32, 265)}`]
  }),
  prefixed({
    id: "jfrog-token",
    description: "JFrog Artifactory API key or reference token",
    anchors: ["AKCp", "cmVmdGtu"],
    token: "AKCp[A-Za-z0-9]{69}|cmVmdGtu[A-Za-z0-9]{56}",
    samples: [`AKCp${fake(ALNUM, 69, 266)}`, `cmVmdGtu${fake(ALNUM, 56, 267)}`],
    entropy: 4
  }),
  prefixed({
    id: "sonarqube-token",
    description: "SonarQube / SonarCloud project, user or global analysis token",
    anchors: ["sqp_", "squ_", "sqa_"],
    token: "sq[pua]_[0-9a-f]{40}",
    samples: [`sqp_${fake(HEX, 40, 268)}`, `squ_${fake(HEX, 40, 269)}`]
  }),
  keyed({
    id: "nuget-api-key",
    description: "NuGet.org API key assigned to a NuGet setting",
    keys: ["nuget"],
    value: "oy2[a-z0-9]{43}",
    samples: [`NUGET_API_KEY=oy2${fake(LOWER_ALNUM, 43, 270)}`, `nuget_key: "oy2${fake(LOWER_ALNUM, 43, 271)}"`],
    noMatch: ["NUGET_API_KEY=${{ secrets.NUGET_API_KEY }}", "NUGET_SOURCE=https://api.nuget.org/v3/index.json"],
    entropy: 3.5
  }),
  prefixed({
    id: "rubygems-api-key",
    description: "RubyGems.org API key",
    anchors: ["rubygems_"],
    token: "rubygems_[a-f0-9]{48}",
    samples: [`rubygems_${fake(HEX, 48, 272)}`, `rubygems_${fake(HEX, 48, 273)}`]
  }),
  prefixed({
    id: "clojars-token",
    description: "Clojars deploy token",
    anchors: ["CLOJARS_"],
    token: "CLOJARS_[a-z0-9]{60}",
    samples: [`CLOJARS_${fake(LOWER_ALNUM, 60, 274)}`, `CLOJARS_${fake(LOWER_ALNUM, 60, 275)}`]
  }),
  keyed({
    id: "octopus-deploy-api-key",
    description: "Octopus Deploy API key assigned to an Octopus setting",
    keys: ["octopus"],
    value: "API-[A-Z0-9]{26}",
    samples: [`OCTOPUS_API_KEY=API-${fake(UPPER_ALNUM, 26, 276)}`, `octopus_key: "API-${fake(UPPER_ALNUM, 26, 277)}"`],
    noMatch: ["OCTOPUS_API_KEY=API-XXXXXXXXXXXXXXXXXXXXXXXXXX", "OCTOPUS_SPACE=Default"],
    entropy: 3.5
  }),
  // ------------------------------------------------------------------------------------------
  // Cloud, hosting and developer platforms
  prefixed({
    id: "gcp-oauth-client-secret",
    description: "Google OAuth client secret",
    anchors: ["GOCSPX-"],
    token: String.raw`GOCSPX-[A-Za-z0-9_\-]{28}`,
    samples: [`GOCSPX-${fake(BASE64URL, 28, 278)}`, `GOCSPX-${fake(ALNUM, 28, 279)}`],
    identity: true
  }),
  prefixed({
    id: "alibaba-access-key-id",
    description: "Alibaba Cloud AccessKey ID",
    anchors: ["LTAI"],
    token: "LTAI[A-Za-z0-9]{20}",
    samples: [`LTAI${fake(ALNUM, 20, 280)}`, `LTAI${fake(ALNUM, 20, 281)}`],
    identity: true
  }),
  prefixed({
    id: "digitalocean-token",
    description: "DigitalOcean personal access, OAuth or refresh token",
    anchors: ["dop_v1_", "doo_v1_", "dor_v1_"],
    token: "do[opr]_v1_[a-f0-9]{64}",
    samples: [`dop_v1_${fake(HEX, 64, 282)}`, `doo_v1_${fake(HEX, 64, 283)}`]
  }),
  prefixed({
    id: "heroku-api-key",
    description: "Heroku platform API key",
    anchors: ["HRKU-AA"],
    token: String.raw`HRKU-AA[0-9a-zA-Z_\-]{58}`,
    samples: [`HRKU-AA${fake(BASE64URL, 58, 284)}`, `HRKU-AA${fake(ALNUM, 58, 285)}`]
  }),
  keyed({
    id: "heroku-legacy-api-key",
    description: "Heroku API key (UUID) assigned to a Heroku setting",
    keys: ["heroku"],
    value: UUID,
    samples: [`HEROKU_API_KEY=${uuid(286)}`, `heroku_token: "${uuid(287)}"`],
    noMatch: ["HEROKU_APP_ID=0a1b2c3d-0000-0000-0000-000000000000", "HEROKU_API_KEY=${HEROKU_API_KEY}"]
  }),
  keyed({
    id: "databricks-token",
    description: "Databricks personal access token assigned to a Databricks setting",
    keys: ["databricks"],
    value: String.raw`dapi[a-f0-9]{32}(?:-\d)?`,
    samples: [`DATABRICKS_TOKEN=dapi${fake(HEX, 32, 288)}`, `databricks_token: "dapi${fake(HEX, 32, 289)}-2"`],
    noMatch: ["DATABRICKS_TOKEN=dapixxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "DATABRICKS_HOST=https://adb-1.azuredatabricks.net"]
  }),
  keyed({
    id: "cloudflare-api-token",
    description: "Cloudflare API token or global API key assigned to a Cloudflare setting",
    keys: ["cloudflare", "cf_api", "cf_token"],
    value: String.raw`[a-z0-9_\-]{40}|[a-f0-9]{37}`,
    samples: [`CLOUDFLARE_API_TOKEN=${fake(BASE64URL, 40, 290)}`, `cloudflare_api_key = "${fake(HEX, 37, 291)}"`],
    noMatch: ["CLOUDFLARE_ZONE_ID=${ZONE}", "CLOUDFLARE_API_TOKEN=your-cloudflare-api-token-goes-here-xx"]
  }),
  prefixed({
    id: "cloudflare-origin-ca-key",
    description: "Cloudflare Origin CA key",
    anchors: ["v1.0-"],
    token: "v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}",
    samples: [`v1.0-${fake(HEX, 24, 292)}-${fake(HEX, 146, 293)}`, `v1.0-${fake(HEX, 24, 294)}-${fake(HEX, 146, 295)}`]
  }),
  keyed({
    id: "vercel-token",
    description: "Vercel access token assigned to a Vercel setting",
    keys: ["vercel"],
    value: "[a-z0-9]{24}",
    samples: [`VERCEL_TOKEN=${fake(ALNUM, 24, 296)}`, `vercel_api_token: "${fake(ALNUM, 24, 297)}"`],
    noMatch: ["VERCEL_TOKEN=${{ secrets.VERCEL_TOKEN }}", "VERCEL_ORG_ID=team_abc"]
  }),
  keyed({
    id: "netlify-token",
    description: "Netlify access token assigned to a Netlify setting",
    keys: ["netlify"],
    value: String.raw`(?:nfp_)?[a-z0-9_\-]{40,46}`,
    samples: [`NETLIFY_AUTH_TOKEN=${fake(BASE64URL, 43, 298)}`, `netlify_token: "nfp_${fake(ALNUM, 36, 299)}"`],
    noMatch: ["NETLIFY_AUTH_TOKEN=$NETLIFY_AUTH_TOKEN", "NETLIFY_SITE_ID=my-site"]
  }),
  prefixed({
    id: "flyio-token",
    description: "Fly.io access token",
    anchors: ["fo1_", "fm1a_", "fm1r_", "fm2_"],
    token: String.raw`fo1_[A-Za-z0-9_\-]{43}|fm(?:1[ar]|2)_[A-Za-z0-9+/]{100,2048}={0,3}`,
    samples: [`fo1_${fake(BASE64URL, 43, 300)}`, `fm2_${fake(BASE64, 120, 301)}`],
    entropy: 4
  }),
  prefixed({
    id: "tailscale-key",
    description: "Tailscale auth, API, OAuth client, SCIM or webhook key",
    anchors: ["tskey-"],
    token: "tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{8,64}-[A-Za-z0-9]{16,64}",
    samples: [`tskey-auth-${fake(ALNUM, 12, 302)}-${fake(ALNUM, 32, 303)}`, `tskey-api-${fake(ALNUM, 12, 304)}-${fake(ALNUM, 32, 305)}`]
  }),
  prefixed({
    id: "pulumi-access-token",
    description: "Pulumi access token",
    anchors: ["pul-"],
    token: "pul-[a-f0-9]{40}",
    samples: [`pul-${fake(HEX, 40, 306)}`, `pul-${fake(HEX, 40, 307)}`]
  }),
  prefixed({
    id: "planetscale-token",
    description: "PlanetScale service token, OAuth token or database password",
    anchors: ["pscale_tkn_", "pscale_oauth_", "pscale_pw_"],
    token: String.raw`pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.\-]{32,64}`,
    samples: [`pscale_tkn_${fake(BASE64URL, 43, 308)}`, `pscale_pw_${fake(ALNUM, 43, 309)}`]
  }),
  prefixed({
    id: "supabase-secret",
    description: "Supabase management access token or secret API key",
    anchors: ["sbp_", "sb_secret_"],
    token: String.raw`sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_\-]{30,64}`,
    samples: [`sbp_${fake(HEX, 40, 310)}`, `sb_secret_${fake(BASE64URL, 36, 311)}`]
  }),
  prefixed({
    id: "openshift-user-token",
    description: "OpenShift user (OAuth) token",
    anchors: ["sha256~"],
    token: String.raw`sha256~[A-Za-z0-9_\-]{43}`,
    samples: [`sha256~${fake(BASE64URL, 43, 312)}`, `sha256~${fake(ALNUM, 43, 313)}`],
    identity: true
  }),
  keyed({
    id: "clickhouse-cloud-key",
    description: "ClickHouse Cloud API secret key assigned to a ClickHouse setting",
    keys: ["clickhouse"],
    value: "4b1d[A-Za-z0-9]{38}",
    samples: [`CLICKHOUSE_SECRET_KEY=4b1d${fake(ALNUM, 38, 314)}`, `clickhouse_api_key: "4b1d${fake(ALNUM, 38, 315)}"`],
    noMatch: ["CLICKHOUSE_SECRET_KEY=${CH_KEY}", "CLICKHOUSE_HOST=localhost"],
    entropy: 4
  }),
  prefixed({
    id: "scalingo-token",
    description: "Scalingo API token",
    anchors: ["tk-us-"],
    token: String.raw`tk-us-[A-Za-z0-9_\-]{48}`,
    samples: [`tk-us-${fake(BASE64URL, 48, 316)}`, `tk-us-${fake(ALNUM, 48, 317)}`]
  }),
  // ------------------------------------------------------------------------------------------
  // Collaboration, messaging and monitoring
  prefixed({
    id: "linear-api-key",
    description: "Linear API key or OAuth access token",
    anchors: ["lin_api_", "lin_oauth_"],
    token: "lin_(?:api_[A-Za-z0-9]{40}|oauth_[a-f0-9]{64})",
    samples: [`lin_api_${fake(ALNUM, 40, 318)}`, `lin_oauth_${fake(HEX, 64, 319)}`]
  }),
  prefixed({
    id: "notion-token",
    description: "Notion integration token",
    anchors: ["ntn_", "secret_"],
    token: "ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43}",
    samples: [`ntn_${fake(DIGITS, 11, 320)}${fake(ALNUM, 35, 321)}`, `secret_${fake(ALNUM, 43, 322)}`],
    entropy: 3.5
  }),
  prefixed({
    id: "figma-token",
    description: "Figma personal access token",
    anchors: ["figd_"],
    token: String.raw`figd_[A-Za-z0-9_\-]{40,48}`,
    samples: [`figd_${fake(BASE64URL, 40, 323)}`, `figd_${fake(ALNUM, 43, 324)}`]
  }),
  keyed({
    id: "discord-bot-token",
    description: "Discord bot token assigned to a Discord setting",
    keys: ["discord"],
    value: String.raw`[MNO][A-Za-z0-9_\-]{23,27}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,40}`,
    samples: [`DISCORD_BOT_TOKEN=M${fake(ALNUM, 25, 325)}.${fake(ALNUM, 6, 326)}.${fake(BASE64URL, 38, 327)}`, `discord_token: "N${fake(ALNUM, 23, 328)}.${fake(ALNUM, 6, 329)}.${fake(ALNUM, 27, 330)}"`],
    noMatch: ["DISCORD_BOT_TOKEN=${{ secrets.DISCORD }}", "DISCORD_CLIENT_ID=123456789012345678"]
  }),
  prefixed({
    id: "discord-webhook-url",
    description: "Discord webhook URL",
    anchors: ["/api/webhooks/"],
    token: String.raw`https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_\-]{60,68}`,
    samples: [`https://discord.com/api/webhooks/${fake(DIGITS, 18, 331)}/${fake(BASE64URL, 68, 332)}`, `https://discordapp.com/api/webhooks/${fake(DIGITS, 19, 333)}/${fake(ALNUM, 64, 334)}`],
    noMatch: ["see https://discord.com/api/webhooks/ for docs", "https://discord.com/api/webhooks/{id}/{token}"]
  }),
  prefixed({
    id: "telegram-bot-token",
    description: "Telegram bot token",
    anchors: [":AA"],
    token: String.raw`[0-9]{8,10}:AA[A-Za-z0-9_\-]{33}`,
    samples: [`${fake(DIGITS, 10, 335)}:AA${fake(BASE64URL, 33, 336)}`, `${fake(DIGITS, 9, 338)}:AA${fake(ALNUM, 33, 339)}`],
    noMatch: ["TELEGRAM_BOT_TOKEN=123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "time 12345678:AA"]
  }),
  prefixed({
    id: "microsoft-teams-webhook-url",
    description: "Microsoft Teams incoming webhook URL",
    anchors: [".webhook.office.com/"],
    token: String.raw`https://[a-z0-9\-]+\.webhook\.office\.com/webhookb2/[a-f0-9\-]{36}@[a-f0-9\-]{36}/IncomingWebhook/[a-f0-9]{32}/[a-f0-9\-]{36}(?:/[A-Za-z0-9_\-]{20,60})?`,
    samples: [
      `https://acme.webhook.office.com/webhookb2/${uuid(340)}@${uuid(345)}/IncomingWebhook/${fake(HEX, 32, 350)}/${uuid(351)}`,
      `https://contoso.webhook.office.com/webhookb2/${uuid(356)}@${uuid(361)}/IncomingWebhook/${fake(HEX, 32, 366)}/${uuid(367)}/${fake(BASE64URL, 40, 372)}`
    ],
    noMatch: ["https://acme.webhook.office.com/webhookb2/...", "see webhook.office.com"]
  }),
  keyed({
    id: "mailgun-api-key",
    description: "Mailgun private API key assigned to a Mailgun setting",
    keys: ["mailgun"],
    value: "key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}",
    samples: [`MAILGUN_API_KEY=key-${fake(HEX, 32, 373)}`, `mailgun_key: "${fake(HEX, 32, 374)}-${fake(HEX, 8, 372)}-${fake(HEX, 8, 371)}"`],
    noMatch: ["MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "MAILGUN_DOMAIN=mg.example.com"]
  }),
  keyed({
    id: "mailchimp-api-key",
    description: "Mailchimp API key assigned to a Mailchimp setting",
    keys: ["mailchimp"],
    value: "[0-9a-f]{32}-us[0-9]{1,2}",
    samples: [`MAILCHIMP_API_KEY=${fake(HEX, 32, 375)}-us21`, `mailchimp_key: "${fake(HEX, 32, 376)}-us6"`],
    noMatch: ["MAILCHIMP_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-us1", "MAILCHIMP_LIST_ID=abc123"],
    entropy: 3.5
  }),
  prefixed({
    id: "brevo-api-key",
    description: "Brevo (Sendinblue) API key",
    anchors: ["xkeysib-"],
    token: "xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}",
    samples: [`xkeysib-${fake(HEX, 64, 377)}-${fake(ALNUM, 16, 378)}`, `xkeysib-${fake(HEX, 64, 379)}-${fake(ALNUM, 16, 380)}`]
  }),
  prefixed({
    id: "slack-config-token",
    description: "Slack app configuration access or refresh token",
    anchors: ["xoxe.xoxb-", "xoxe.xoxp-", "xoxe-"],
    token: "xoxe\\.xox[bp]-[0-9]-[A-Z0-9]{163,166}|xoxe-[0-9]-[A-Z0-9]{146}",
    samples: [`xoxe.xoxp-1-${fake(UPPER_ALNUM, 164, 381)}`, `xoxe-1-${fake(UPPER_ALNUM, 146, 382)}`]
  }),
  keyed({
    id: "datadog-api-key",
    description: "Datadog API or application key assigned to a Datadog setting",
    keys: ["datadog", "dd_api", "dd_app", "dd_client"],
    value: "[a-f0-9]{32}|[a-f0-9]{40}",
    samples: [`DD_API_KEY=${fake(HEX, 32, 383)}`, `datadog_app_key: "${fake(HEX, 40, 384)}"`],
    noMatch: ["DD_API_KEY=${DD_API_KEY}", "DATADOG_SITE=datadoghq.eu"]
  }),
  keyed({
    id: "pagerduty-api-key",
    description: "PagerDuty REST API key or integration key assigned to a PagerDuty setting",
    keys: ["pagerduty", "pd_api", "pd_routing", "pd_integration"],
    value: String.raw`u\+[A-Za-z0-9_+\-]{18}|[A-Za-z0-9_+\-]{20}|[a-f0-9]{32}`,
    samples: [`PAGERDUTY_TOKEN=u+${fake(ALNUM, 18, 385)}`, `pagerduty_routing_key: "${fake(HEX, 32, 386)}"`],
    noMatch: ["PAGERDUTY_TOKEN=<token>", "PAGERDUTY_SERVICE_ID=PABC123"]
  }),
  prefixed({
    id: "new-relic-key",
    description: "New Relic user API key, insert key or ingest license key",
    anchors: ["NRAK-", "NRII-", "NRAL"],
    token: String.raw`NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9_\-]{32}|[a-f0-9]{36}NRAL`,
    samples: [`NRAK-${fake(UPPER_ALNUM, 27, 387)}`, `${fake(HEX, 36, 388)}NRAL`]
  }),
  prefixed({
    id: "sentry-token",
    description: "Sentry organization auth token or user auth token",
    anchors: ["sntrys_", "sntryu_"],
    token: String.raw`sntrys_eyJ[A-Za-z0-9+/=_\-]{60,800}|sntryu_[a-f0-9]{64}`,
    samples: [`sntrys_eyJ${fake(BASE64, 120, 389)}`, `sntryu_${fake(HEX, 64, 390)}`],
    entropy: 3.5
  }),
  prefixed({
    id: "dynatrace-token",
    description: "Dynatrace API token",
    anchors: ["dt0c01."],
    token: String.raw`dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}`,
    samples: [`dt0c01.${fake(UPPER_ALNUM, 24, 391)}.${fake(UPPER_ALNUM, 64, 392)}`, `dt0c01.${fake(UPPER_ALNUM, 24, 393)}.${fake(UPPER_ALNUM, 64, 394)}`]
  }),
  prefixed({
    id: "grafana-service-account-token",
    description: "Grafana service account token",
    anchors: ["glsa_"],
    token: "glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
    samples: [`glsa_${fake(ALNUM, 32, 395)}_${fake(HEX, 8, 396)}`, `glsa_${fake(ALNUM, 32, 397)}_${fake(HEX, 8, 398)}`]
  }),
  prefixed({
    id: "grafana-cloud-token",
    description: "Grafana Cloud access policy or API token",
    anchors: ["glc_"],
    token: "glc_[A-Za-z0-9+/]{32,400}={0,3}",
    samples: [`glc_${fake(BASE64, 80, 399)}`, `glc_${fake(ALNUM, 120, 400)}`],
    entropy: 4
  }),
  prefixed({
    id: "grafana-api-key",
    description: "Grafana API key (legacy)",
    anchors: ["eyJrIjoi"],
    token: "eyJrIjoi[A-Za-z0-9]{70,400}={0,3}",
    samples: [`eyJrIjoi${fake(ALNUM, 72, 401)}`, `eyJrIjoi${fake(ALNUM, 100, 402)}=`]
  }),
  prefixed({
    id: "postman-api-key",
    description: "Postman API key",
    anchors: ["PMAK-"],
    token: "PMAK-[a-f0-9]{24}-[a-f0-9]{34}",
    samples: [`PMAK-${fake(HEX, 24, 403)}-${fake(HEX, 34, 404)}`, `PMAK-${fake(HEX, 24, 405)}-${fake(HEX, 34, 406)}`]
  }),
  keyed({
    id: "launchdarkly-key",
    description: "LaunchDarkly API access token or SDK key assigned to a LaunchDarkly setting",
    keys: ["launchdarkly", "ld_sdk", "ld_api"],
    value: `(?:api|sdk)-${UUID}`,
    samples: [`LAUNCHDARKLY_SDK_KEY=sdk-${uuid(407)}`, `launchdarkly_api_token: "api-${uuid(412)}"`],
    noMatch: ["LAUNCHDARKLY_SDK_KEY=sdk-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", "LAUNCHDARKLY_PROJECT=default"]
  }),
  prefixed({
    id: "contentful-token",
    description: "Contentful personal access token",
    anchors: ["CFPAT-"],
    token: String.raw`CFPAT-[A-Za-z0-9_\-]{43}`,
    samples: [`CFPAT-${fake(BASE64URL, 43, 417)}`, `CFPAT-${fake(ALNUM, 43, 418)}`]
  }),
  prefixed({
    id: "typeform-token",
    description: "Typeform personal access token",
    anchors: ["tfp_"],
    token: String.raw`tfp_[A-Za-z0-9_\-.=]{59}`,
    samples: [`tfp_${fake(BASE64URL, 59, 419)}`, `tfp_${fake(ALNUM, 59, 420)}`]
  }),
  prefixed({
    id: "readme-api-key",
    description: "ReadMe API key",
    anchors: ["rdme_"],
    token: "rdme_[a-z0-9]{70}",
    samples: [`rdme_${fake(LOWER_ALNUM, 70, 421)}`, `rdme_${fake(LOWER_ALNUM, 70, 422)}`]
  }),
  prefixed({
    id: "prefect-api-key",
    description: "Prefect Cloud API key",
    anchors: ["pnu_"],
    token: "pnu_[A-Za-z0-9]{36}",
    samples: [`pnu_${fake(ALNUM, 36, 423)}`, `pnu_${fake(ALNUM, 36, 424)}`]
  }),
  prefixed({
    id: "infracost-api-key",
    description: "Infracost API key",
    anchors: ["ico-"],
    token: "ico-[A-Za-z0-9]{32}",
    samples: [`ico-${fake(ALNUM, 32, 425)}`, `ico-${fake(ALNUM, 32, 426)}`]
  }),
  prefixed({
    id: "frameio-token",
    description: "Frame.io developer token",
    anchors: ["fio-u-"],
    token: String.raw`fio-u-[A-Za-z0-9_\-=]{64}`,
    samples: [`fio-u-${fake(BASE64URL, 64, 427)}`, `fio-u-${fake(ALNUM, 64, 428)}`]
  }),
  prefixed({
    id: "maxmind-license-key",
    description: "MaxMind license key",
    anchors: ["_mmk"],
    token: "[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk",
    samples: [`${fake(ALNUM, 6, 429)}_${fake(ALNUM, 29, 430)}_mmk`, `${fake(ALNUM, 6, 431)}_${fake(ALNUM, 29, 432)}_mmk`],
    noMatch: ["MAXMIND_LICENSE_KEY=xxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxx_mmk", "suffix _mmk"]
  }),
  keyed({
    id: "snyk-token",
    description: "Snyk API token assigned to a Snyk setting",
    keys: ["snyk"],
    value: UUID,
    samples: [`SNYK_TOKEN=${uuid(433)}`, `snyk_api_key: "${uuid(438)}"`],
    noMatch: ["SNYK_TOKEN=${{ secrets.SNYK_TOKEN }}", "SNYK_ORG=0a1b2c3d-0000-0000-0000-000000000000"]
  }),
  // ------------------------------------------------------------------------------------------
  // Payments and commerce
  prefixed({
    id: "stripe-webhook-secret",
    description: "Stripe webhook signing secret",
    anchors: ["whsec_"],
    token: "whsec_[A-Za-z0-9+/=]{32,64}",
    samples: [`whsec_${fake(ALNUM, 32, 443)}`, `whsec_${fake(BASE64, 44, 444)}`]
  }),
  prefixed({
    id: "shopify-token",
    description: "Shopify access token, custom or private app token, or shared secret",
    anchors: ["shpat_", "shpca_", "shppa_", "shpss_"],
    token: "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
    samples: [`shpat_${fake(HEX, 32, 445)}`, `shpss_${fake(HEX, 32, 446)}`]
  }),
  prefixed({
    id: "square-token",
    description: "Square access token or OAuth application secret",
    anchors: ["EAAA", "sq0atp-", "sq0csp-"],
    token: String.raw`EAAA[A-Za-z0-9_\-]{60}|sq0atp-[A-Za-z0-9_\-]{22}|sq0csp-[A-Za-z0-9_\-]{43}`,
    samples: [`EAAA${fake(BASE64URL, 60, 447)}`, `sq0csp-${fake(BASE64URL, 43, 448)}`]
  }),
  prefixed({
    id: "paypal-braintree-token",
    description: "PayPal Braintree access token",
    anchors: ["access_token$"],
    token: String.raw`access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}`,
    samples: [`access_token$production$${fake(LOWER_ALNUM, 16, 449)}$${fake(HEX, 32, 450)}`, `access_token$sandbox$${fake(LOWER_ALNUM, 16, 451)}$${fake(HEX, 32, 452)}`],
    noMatch: ["BRAINTREE_TOKEN=access_token$production$xxxxxxxxxxxxxxxx$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "access_token$"]
  }),
  prefixed({
    id: "easypost-api-key",
    description: "EasyPost production or test API key",
    anchors: ["EZAK", "EZTK"],
    token: "EZ[AT]K[a-zA-Z0-9]{54}",
    samples: [`EZAK${fake(ALNUM, 54, 453)}`, `EZTK${fake(ALNUM, 54, 454)}`]
  }),
  prefixed({
    id: "shippo-api-token",
    description: "Shippo API token",
    anchors: ["shippo_live_", "shippo_test_"],
    token: "shippo_(?:live|test)_[a-fA-F0-9]{40}",
    samples: [`shippo_live_${fake(HEX, 40, 455)}`, `shippo_test_${fake(HEX, 40, 456)}`]
  }),
  prefixed({
    id: "duffel-api-token",
    description: "Duffel API token",
    anchors: ["duffel_live_", "duffel_test_"],
    token: String.raw`duffel_(?:test|live)_[A-Za-z0-9_\-=]{43}`,
    samples: [`duffel_live_${fake(BASE64URL, 43, 457)}`, `duffel_test_${fake(ALNUM, 43, 458)}`]
  }),
  prefixed({
    id: "mapbox-secret-token",
    description: "Mapbox secret access token",
    anchors: ["sk.eyJ"],
    token: String.raw`sk\.eyJ[A-Za-z0-9_\-]{50,300}\.[A-Za-z0-9_\-]{22}`,
    samples: [`sk.eyJ${fake(BASE64URL, 60, 459)}.${fake(BASE64URL, 22, 460)}`, `sk.eyJ${fake(ALNUM, 80, 461)}.${fake(ALNUM, 22, 462)}`]
  }),
  prefixed({
    id: "firebase-fcm-server-key",
    description: "Firebase Cloud Messaging server key",
    anchors: [":APA91b"],
    token: String.raw`AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{134}`,
    samples: [`AAAA${fake(BASE64URL, 7, 463)}:APA91b${fake(BASE64URL, 134, 464)}`, `AAAA${fake(ALNUM, 7, 465)}:APA91b${fake(ALNUM, 134, 466)}`]
  }),
  prefixed({
    id: "twitter-bearer-token",
    description: "X (Twitter) API bearer token",
    anchors: ["AAAAAAAAAAAAAAAAAAAA"],
    token: "A{22}[A-Za-z0-9%]{80,100}",
    samples: [`AAAAAAAAAAAAAAAAAAAAAA${fake(ALNUM, 90, 467)}`, `AAAAAAAAAAAAAAAAAAAAAA${fake(ALNUM, 84, 468)}`],
    entropy: 3
  }),
  // ------------------------------------------------------------------------------------------
  // Encryption and secret managers
  prefixed({
    id: "age-secret-key",
    description: "age encryption secret key",
    anchors: ["AGE-SECRET-KEY-1"],
    token: "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
    samples: [`AGE-SECRET-KEY-1${fake("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58, 469)}`, `AGE-SECRET-KEY-1${fake("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58, 470)}`]
  }),
  prefixed({
    id: "1password-secret-key",
    description: "1Password account secret key",
    anchors: ["A3-"],
    token: "A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
    samples: [`A3-${fake(UPPER_ALNUM, 6, 471)}-${fake(UPPER_ALNUM, 11, 472)}-${fake(UPPER_ALNUM, 5, 473)}-${fake(UPPER_ALNUM, 5, 474)}-${fake(UPPER_ALNUM, 5, 475)}`, `A3-${fake(UPPER_ALNUM, 6, 476)}-${fake(UPPER_ALNUM, 6, 477)}-${fake(UPPER_ALNUM, 5, 478)}-${fake(UPPER_ALNUM, 5, 479)}-${fake(UPPER_ALNUM, 5, 480)}-${fake(UPPER_ALNUM, 5, 481)}`],
    identity: true,
    entropy: 3.5
  }),
  // ------------------------------------------------------------------------------------------
  // Identity systems: credentials that provision, authenticate or hold identities.
  keyed({
    id: "ping-identity-secret",
    description: "Ping Identity (PingOne, PingFederate) client secret or token assigned to a Ping setting",
    keys: ["ping"],
    keyPattern: keyWith("ping|pingone|pingfederate|pingidentity|pingid"),
    value: String.raw`[a-z0-9~._\-]{32,128}`,
    samples: [`PINGONE_CLIENT_SECRET=${fake(BASE64URL, 64, 482)}`, `ping_federate_api_token: "${fake(ALNUM, 40, 483)}"`],
    noMatch: ["SHIPPING_TOKEN_TTL=3600", "PINGONE_CLIENT_SECRET=${PINGONE_CLIENT_SECRET}"],
    identity: true,
    entropy: 3.5
  }),
  keyed({
    id: "sailpoint-secret",
    description: "SailPoint Identity Security Cloud (IdentityNow) client secret or token assigned to a SailPoint setting",
    keys: ["sailpoint", "identitynow", "idn_"],
    value: String.raw`[a-z0-9._\-]{32,128}`,
    samples: [`SAILPOINT_CLIENT_SECRET=${fake(HEX, 64, 485)}`, `identitynow_token: "${fake(ALNUM, 48, 486)}"`],
    noMatch: ["SAILPOINT_CLIENT_ID=2c9180835d2e5168015d32f890ca1581", "SAILPOINT_CLIENT_SECRET=<sailpoint-secret>"],
    identity: true,
    entropy: 3.5
  }),
  keyed({
    id: "cyberark-secret",
    description: "CyberArk (Conjur, Privilege Cloud, Identity) API key or client secret assigned to a CyberArk setting",
    keys: ["cyberark", "conjur"],
    value: String.raw`[a-z0-9._~\-]{32,128}`,
    samples: [`CONJUR_AUTHN_API_KEY=${fake(LOWER_ALNUM, 52, 487)}`, `cyberark_client_secret: "${fake(BASE64URL, 40, 488)}"`],
    noMatch: ["CONJUR_AUTHN_API_KEY=${CONJUR_AUTHN_API_KEY}", "CONJUR_ACCOUNT=myorg"],
    identity: true,
    entropy: 3.5
  }),
  keyed({
    id: "keycloak-client-secret",
    description: "Keycloak client secret or admin password assigned to a Keycloak setting",
    keys: ["keycloak", "kc_"],
    keyPattern: keyWith("keycloak|kc"),
    value: String.raw`[a-z0-9!#%&*+,.:;?@^_~\-]{16,128}`,
    samples: [`KEYCLOAK_CLIENT_SECRET=${fake(ALNUM, 32, 489)}`, `kc_admin_password: "${fake(BASE64, 20, 490)}"`],
    noMatch: [
      "KEYCLOAK_CLIENT_SECRET=**********",
      "KEYCLOAK_REALM=master",
      // Python calls (community.general keycloak modules), not literals.
      'keycloak_compatible_composites = self.convert_role_composites(rolerep["composites"])',
      "keycloak_key = get_keycloak_config_key(config_param, provider_id)",
      // The provider word alone, though it holds `key` (bitnami/charts' keycloak chart).
      "      image: docker.io/bitnami/keycloak:26.3.3-debian-12-r0",
      "      image: docker.io/bitnami/keycloak-config-cli:6.4.0-debian-12-r11",
      "keycloak: telemetry.metrics.enabled"
    ],
    identity: true,
    entropy: 3.5
  }),
  keyed({
    id: "jumpcloud-api-key",
    description: "JumpCloud API key assigned to a JumpCloud setting",
    keys: ["jumpcloud", "jc_api"],
    value: "(?:jca_)?[a-z0-9]{36,40}",
    samples: [`JUMPCLOUD_API_KEY=${fake(HEX, 40, 491)}`, `jc_api_key: "jca_${fake(ALNUM, 36, 492)}"`],
    noMatch: ["JUMPCLOUD_API_KEY=$JC_KEY", "JUMPCLOUD_ORG_ID=5f0c1a2b3c4d5e6f7a8b9c0d"],
    identity: true,
    entropy: 3.5
  }),
  keyed({
    id: "onelogin-secret",
    description: "OneLogin API client secret assigned to a OneLogin setting",
    keys: ["onelogin"],
    value: "[a-f0-9]{64}",
    samples: [`ONELOGIN_CLIENT_SECRET=${fake(HEX, 64, 493)}`, `onelogin_api_secret: "${fake(HEX, 64, 494)}"`],
    noMatch: ["ONELOGIN_CLIENT_ID=0123", "ONELOGIN_CLIENT_SECRET=${ONELOGIN_SECRET}"],
    identity: true,
    entropy: 3.5
  }),
  keyed({
    id: "duo-secret-key",
    description: "Duo Security secret key (skey) assigned to a Duo setting",
    keys: ["duo"],
    keyPattern: keyWith("duo"),
    value: "[a-z0-9]{40}",
    samples: [`DUO_SKEY=${fake(ALNUM, 40, 495)}`, `duo_secret_key: "${fake(ALNUM, 40, 496)}"`],
    noMatch: ["DUO_IKEY=DIWJ8X6AEYOR5OMC6TQ1", "DUO_SKEY=${DUO_SKEY}"],
    identity: true,
    entropy: 3.5
  })
];
var BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
var CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();
function crc32(text) {
  let crc = 4294967295;
  for (let i = 0; i < text.length; i += 1) crc = (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 255] ?? 0) ^ crc >>> 8;
  return (crc ^ 4294967295) >>> 0;
}
function base62(value, width) {
  let out = "";
  for (let v = value; v > 0; v = Math.floor(v / 62)) out = (BASE62[v % 62] ?? "") + out;
  return out.padStart(width, "0");
}
function validChecksum(kind, token) {
  if (kind !== "crc32-base62") return false;
  const body = token.slice(token.indexOf("_") + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}
function checksummed(prefix, random) {
  return `${prefix}${random}${base62(crc32(random), 6)}`;
}

// src/core/detect/rules.ts
var IDENTITY_KEY_PATTERN = "okta|auth0|sailpoint|keycloak|vault|1password|onepassword|active_?directory|entra_?id|(?:^|_)(?:entra|azure_ad|azuread|aad|ping|pingone|pingfederate|pingidentity|scim|iam|sso|saml|oidc|ldap|op|idp|identity)(?:_|$)";
var LOCALE_FILE_PATH = "(?:^|/)(?:locales?|i18n|l10n|lang|langs|languages|translations?)/(?:[^/]+/)*[^/]+\\.(?:json|ya?ml|po|pot|properties|strings|arb|xlf|xliff|resx)$";
var GENERIC_VALUE_ALLOWLIST = [
  // Identifiers and references to other variables, not literals. Letters only: a value with a
  // digit or a symbol in it (`Welcome1Prod2024`, `Summer2024Secret`) may well be a password.
  "^[a-z]+$",
  "^[A-Z]+$",
  "^[a-z]+(?:[_.\\-][a-z]+)+$",
  // An acronym and a word (`stsLDAPPassword = "LDAPPassword"`), HTTP header names (`X-Amz-Credential`).
  "^[A-Z]{2,5}[A-Z][a-z]+$",
  "^X-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+$",
  // camelCase of three words or more, a number in the first (`k8sAppEventsDatatable`, a storage key).
  "^[a-z]+\\d*[a-z]*(?:[A-Z][a-z]+){2,}$",
  // A storage key or setting name ending in a credential word (`jhi-authenticationToken`).
  "^[a-z0-9]+(?:[-_.][a-z0-9]+)*[-_.][a-z]+(?:Token|Key|Secret|Password|Auth|Credentials?)$",
  // A name closing a Jinja or code expression (`combine({'postgres_configuration_secret': _pg_secret})`).
  "^_?(?:[a-z][a-z0-9_]*|[A-Z][A-Z0-9_]*)[})\\]]+[,;]?$",
  // One capitalised word: a translation (`"Password": "Adgangskode"` in a locale file).
  "^[A-Z][a-z]+$",
  // Text written as Unicode escapes: a Java .properties translation (`Secret=\u6DFB\u52A0…`).
  "^(?:\\\\u[0-9A-Fa-f]{4}){2,}",
  // The same with an acronym for a word: `custom-CA`, `more-custom-CAs` (a Secret's name).
  "^[a-z]+(?:[_.\\-](?:[a-z]+|[A-Z]{2,5}s?))+$",
  // The same words ending in a question mark are a question in prose (`do-you-need-me?`).
  "^[a-z]+(?:[_.\\-][a-z]+)+\\?$",
  // A list of lowercase words (`allowed_auth_providers = default,keys,credentials`).
  "^[a-z]+(?:,[a-z]+)+$",
  // UPPER_SNAKE names, also a list of them (`--from-literal=client-passwords=CLIENT_PASSWORD1,CLIENT_PASSWORD2`).
  "^[A-Z][A-Z0-9]*(?:_[A-Z][A-Z0-9]*)+(?:,[A-Z][A-Z0-9]*(?:_[A-Z][A-Z0-9]*)+)*$",
  "^[a-z]+(?:[A-Z][a-z]+)+$",
  // Lowercase names that hold a credential word as one of their parts name the credential, they
  // are not it: `argocd-k8s-auth`, `vault-token-v2`, `db-password-secret`.
  "^_*[a-z0-9]+(?:[-_.][a-z0-9]+)*[-_.](?:auth|token|tokens|secret|secrets|password|passwd|pass|key|keys|creds?|credentials)(?:[-_.][a-z0-9]+)*$",
  "^[A-Z0-9]+(?:_[A-Z0-9]+)*_(?:AUTH|TOKEN|TOKENS|SECRET|SECRETS|PASSWORD|PASSWD|PASS|KEY|KEYS|CREDS?|CREDENTIALS)(?:_[A-Z0-9]+)*$",
  // Dotted setting names with camelCase words (`admin.passwordMtime`, `dex.auth.connectorId`), and
  // a Python entry point's object (`auth_token:AuthTokenMiddleware.factory` in a paste.ini).
  "^[A-Za-z][A-Za-z_]*(?:\\.[a-z][A-Za-z_]*)+$",
  // Snake-case names with a version suffix (`masakari.api.auth:pipeline_factory_v1`).
  "^[a-z]+(?:[_\\-][a-z]+)+[_\\-]v\\d+$",
  // Algorithm names (`AUTH_HMAC_SHA256 = 'hmac-sha256'`).
  "^(?:hmac[-_])?(?:sha|md|ripemd)[-_]?\\d{1,3}$",
  // PascalCase words, also as a marker (`"?InterpolationInJSX"`, `"#SectionHeading"`), or a type
  // name repeated as its own value (`SSHPrivateKey: "SSHPrivateKey"`).
  "^[?:#@.]?(?:[A-Z]{0,4}[A-Z][a-z]+){2,}[A-Z]{0,4}$",
  "^[a-z_][a-z0-9_\\-]*(?:\\.[a-z0-9_\\-*]+|\\[[^\\]]*\\])+$",
  // Go/Helm template and object references: `.Values.auth.password`, `$.Values.x`.
  "^\\$?\\.[A-Za-z_]",
  // Calls and lookups: os.environ[...], process.env.X, getenv("X"), ENV['X'], lookup(...).
  "^[\\w.]+\\(",
  // Type annotations in code: a class name followed by `[]`, `<...>` or a closing parenthesis;
  // letters only, so a real secret never looks like one.
  "^[A-Za-z_$][A-Za-z_$]*(?:\\.[A-Za-z_$][A-Za-z_$]*)*(?:<[^\\d]*|\\[\\]|\\))+[):;,{}\\]`]*$",
  // A regular-expression literal in code (`/^(user|host)$/i`, `^.{8,32}$`), not a value.
  "^/\\^",
  "^\\^.*\\$$",
  // Words joined by colons or slashes in prose, docs and secret-manager references:
  // `secret=path:field`, `admin/password`, `--token=foo/system:masters`, a Vault secret and its
  // field (`GPG_PASSPHRASE=helm-chart-signing-key:passphrase`). Letters only.
  "^[a-z][a-z_\\-]*(?:[:/][a-z][a-z_\\-]*)+$",
  // Java qualified class names (`com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl`). Letters only.
  "^[a-z]+(?:\\.[a-z]+)+\\.[A-Z][A-Za-z]+$",
  // API paths relative to a root (`_credentials = 'credentials/'`). Letters only.
  "^[a-z][a-z_\\-]*(?:/[a-z][a-z_\\-]*)*/$",
  // A sed/grep pattern starting with a wildcard (`s/^system.secret-key:.*$/.../`), not a value.
  "^\\.[*+]",
  "^(?:os\\.environ|process\\.env|env|ENV|System\\.getenv|config|settings|params|vars|values|secrets|inputs)(?:\\.|\\[)",
  // Another command-line flag, not the flag's value (`--password --insecure-storage`).
  "^--?[a-z][a-z\\-]*$",
  // Numbers, versions (also semver with a pre-release or build: `7.2.4-debian-12-r0`), durations, sizes.
  "^v?\\d+(?:[.:]\\d+)*[a-z]{0,3}$",
  "^v?\\d+(?:\\.\\d+){1,3}(?:[-+][\\w.\\-]+)?$",
  // Container images with a tag or digest: `ghcr.io/org/app:v1.2.3`, `redis@sha256:…`.
  "^[\\w.\\-]+(?::\\d+)?(?:/[\\w.\\-]+)+(?::[\\w.\\-]+|@sha256:[0-9a-f]{64})$",
  // Paths and URLs (URL credentials have their own detector).
  "^(?:~|\\.{1,2})?/(?:[\\w.\\-]+/)*[\\w.\\-]*$",
  "^[\\w.\\-]+/[\\w.\\-/]+\\.(?:pem|key|crt|json|txt|ya?ml|env|p12|pfx|jks)$",
  "://",
  // Vault/secret-manager paths, cloud resource names and encrypted blobs (SOPS, Ansible Vault, KMS).
  "^(?:vault:|secret/|kv/|secrets/|arn:aws|arn:aws-cn:|arn:aws-us-gov:|projects/[\\w\\-]+/secrets/)",
  "^ENC\\[",
  // Hashes and digests written as values.
  "^(?:sha\\d+|md5|sha)[:\\-]",
  // An e-mail address names an account or a key (`git config user.signingkey security@authelia.com`).
  "^[\\w.+\\-]+@[\\w\\-]+(?:\\.[\\w\\-]+)+$",
  // A list of `setting:value` pairs describes where credentials are, it is not one
  // (`secretname:monitoring-roles,userkey:user,passwordkey:password`).
  "^[a-z]+:[\\w.\\-]+(?:,[a-z]+:[\\w.\\-]+)+$",
  // A relative path of three or more identifier segments (`ory/keysetpagination_v2/page_token`).
  "^[a-z][a-z0-9_\\-]*(?:/[a-z][a-z0-9_\\-.]*){2,}$",
  // A host name of three or more labels, or written absolute with its final dot (`ns.boulder.invalid.`).
  "^(?:[a-z0-9\\-]+\\.){2,}[a-z]{2,}\\.?$|^(?:[a-z0-9\\-]+\\.)+[a-z]{2,}\\.$",
  // URNs name things (`urn:ietf:params:oauth:token-type:saml2`, `urn:oasis:names:tc:SAML:2.0:cm:bearer`).
  "^urn:",
  // A literal closing a call in code: `skip_special_tokens=True).strip()`.
  "^(?:True|False|None|true|false|null|nil)[),;\\]}.]",
  // An htpasswd or shadow entry, `user:` and a password hash (bcrypt, Apache MD5, SHA crypt): a
  // hash, not the password, as a bare bcrypt value is.
  "^[\\w.\\-]+:\\$(?:2[aby]?|apr1|[156])\\$"
];
var GENERIC_KEYWORDS = ["pass", "pwd", "secret", "token", "auth", "cred", "bearer", "key"];
var CHECKSUMMED_PLACEHOLDER = "EXAMPLEexampleEXAMPLEexample12";
var b = (prefix, alphabet, length, seed = 0) => prefix + fake(alphabet, length, seed);
var base64 = (text) => Buffer.from(text, "utf8").toString("base64");
var secretManifest = (data) => `apiVersion: v1
kind: Secret
metadata:
  name: app
${data}
`;
var FILE_NAME_DETECTORS = [
  {
    id: "pkcs12-file",
    description: "PKCS #12 keystore file (.p12, .pfx): it bundles a private key with its certificate",
    paths: ["\\.(?:[pP]12|[pP][fF][xX])$"],
    identity: false,
    examples: { match: ["certs/client.p12", "deploy/signing/Release.PFX"], noMatch: ["docs/p12.md", "certs/client.crt"] }
  }
];
var STRUCTURAL_DETECTORS = [
  {
    id: "kubernetes-secret-literal",
    description: "Literal value in a Kubernetes Secret's data or stringData",
    extractor: "kubernetes",
    entropy: 4,
    identity: false,
    // Connection details and settings beside the credential: `url`, `username`, `type`, `project`.
    allowlist: { keys: [NON_CREDENTIAL_KEY_PATTERN, "^(?:project|insecure|enable_\\w+|use_\\w+|force_\\w+)$"] },
    examples: {
      path: "deploy/secret.yaml",
      match: [
        secretManifest(`stringData:
  password: ${fake(ALNUM, 18, 101)}`),
        secretManifest(`data:
  key: ${base64(fake(BASE64, 40, 102))}`),
        // Not a credential name, but a generated value.
        secretManifest(`data:
  azurestorageaccountkey: ${base64(fake(BASE64, 86, 103))}`)
      ],
      noMatch: [
        // Connection details and settings, placeholders, public certificates.
        secretManifest('stringData:\n  url: https://github.com/acme\n  type: helm\n  project: default\n  githubAppID: "1"\n  insecure: "true"'),
        secretManifest("stringData:\n  url: https://storage.googleapis.com/istio-prerelease/daily-build/master-latest-daily/charts\n  name: git@github.com:acme-labs"),
        secretManifest("stringData:\n  username: my-username\n  password: my-password\n  bearerToken: my-token"),
        secretManifest(`data:
  password: ${base64("test-password")}
  apiUsername: ${base64("storageos")}`),
        secretManifest("stringData:\n  webhook.github.secret: shhhh! it's a github secret\n  webhook.bitbucket.uuid: your-bitbucket-uuid"),
        secretManifest(`data:
  ca.crt: ${base64(`-----BEGIN CERTIFICATE-----
${fake(BASE64, 64, 104)}
-----END CERTIFICATE-----
`)}`),
        secretManifest("stringData:\n  admin.passwordMtime: 2019-03-20T17:54:53Z\n  apiAddress: tcp://127.0.0.1:5705"),
        // A bcrypt hash is what a system stores instead of the password.
        secretManifest(`stringData:
  admin.password: $2a$10$${fake(BASE64.replace("+", "."), 53, 105)}`),
        // A configuration file kept in a Secret (kube-prometheus): text, not a generated value.
        secretManifest('stringData:\n  alertmanager.yaml: |-\n    "global":\n      "resolve_timeout": "5m"\n    "route":\n      "group_by": ["namespace"]\n      "receiver": "Default"'),
        secretManifest("stringData:\n  grafana.ini: |\n    [date_formats]\n    default_timezone = UTC\n    [analytics]\n    reporting_enabled = false")
      ]
    }
  },
  {
    id: "terraform-provider-literal",
    description: "Literal credential in a Terraform provider block",
    extractor: "terraform",
    identity: false,
    examples: {
      path: "infra/main.tf",
      match: [
        `provider "okta" {
  org_name  = "acme"
  api_token = "00${fake(BASE64URL, 40, 106)}"
}
`,
        `provider "github" {
  token = "${fake(ALNUM, 40, 107)}"
}
`
      ],
      noMatch: [
        'provider "okta" {\n  api_token = var.okta_api_token\n}\n',
        'provider "aws" {\n  access_key = "AKIAIOSFODNN7EXAMPLE"\n  secret_key = "${var.secret_key}"\n}\n'
      ]
    }
  }
];
var DETECTORS = [
  {
    id: "aws-access-key-id",
    description: "AWS access key id",
    pattern: `${L}((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})${R}`,
    secretGroup: 1,
    keywords: ["akia", "asia", "abia", "acca", "a3t"],
    anchors: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    entropy: 3,
    identity: true,
    examples: {
      match: [`aws_access_key_id = ${b("AKIA", BASE32, 16, 1)}`, `AccessKeyId: "${b("ASIA", BASE32, 16, 2)}"`],
      noMatch: ["aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AKIAXXXXXXXXXXXXXXXX", `key: AKIA${fake(BASE32, 12)}`]
    }
  },
  {
    id: "aws-secret-access-key",
    description: "AWS secret access key",
    pattern: `${assign("(?:aws[\\w.\\-]{0,20})?secret[_.\\-]?access[_.\\-]?key|aws[_.\\-]?secret(?:[_.\\-]?key)?")}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
    flags: "i",
    secretGroup: 4,
    keyGroup: 2,
    keywords: ["secret"],
    anchor: "key",
    entropy: 3.5,
    identity: true,
    examples: {
      match: [`aws_secret_access_key = ${fake(BASE64, 40, 3)}`, `"SecretAccessKey": "${fake(BASE64, 40, 4)}"`],
      noMatch: [
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}"
      ]
    }
  },
  {
    id: "github-pat",
    description: "GitHub personal access token (classic)",
    pattern: `${L}(ghp_[A-Za-z0-9]{36})${R}`,
    secretGroup: 1,
    keywords: ["ghp_"],
    anchors: ["ghp_"],
    identity: false,
    checksum: "crc32-base62",
    examples: {
      match: [
        `GITHUB_TOKEN=${b("ghp_", ALNUM, 36, 5)}`,
        `token: "${b("ghp_", ALNUM, 36, 6)}"`,
        // Reads like a placeholder, but its checksum verifies: GitHub issued it.
        `token: ${checksummed("ghp_", CHECKSUMMED_PLACEHOLDER)}`
      ],
      noMatch: [
        "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "token: ghp_<your-token>",
        `token: ghp_${CHECKSUMMED_PLACEHOLDER}000000`
      ]
    }
  },
  {
    id: "github-fine-grained-pat",
    description: "GitHub fine-grained personal access token",
    pattern: `${L}(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})${R}`,
    secretGroup: 1,
    keywords: ["github_pat_"],
    anchors: ["github_pat_"],
    identity: false,
    examples: {
      match: [`GH_TOKEN=github_pat_${fake(ALNUM, 22, 7)}_${fake(ALNUM, 59, 8)}`, `pat = "github_pat_${fake(ALNUM, 22, 9)}_${fake(ALNUM, 59, 10)}"`],
      noMatch: ["GH_TOKEN=github_pat_...", `github_pat_${fake(ALNUM, 22)}`]
    }
  },
  {
    id: "github-oauth-token",
    description: "GitHub OAuth access token",
    pattern: `${L}(gho_[A-Za-z0-9]{36})${R}`,
    secretGroup: 1,
    keywords: ["gho_"],
    anchors: ["gho_"],
    identity: false,
    checksum: "crc32-base62",
    examples: {
      match: [`oauth: ${b("gho_", ALNUM, 36, 11)}`, `"${b("gho_", ALNUM, 36, 12)}"`],
      noMatch: ["gho_EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMP", "gho_short"]
    }
  },
  {
    id: "github-app-token",
    description: "GitHub App user-to-server or installation token",
    pattern: `${L}((?:ghu|ghs)_[A-Za-z0-9]{36})${R}`,
    secretGroup: 1,
    keywords: ["ghu_", "ghs_"],
    anchors: ["ghu_", "ghs_"],
    identity: false,
    checksum: "crc32-base62",
    examples: {
      match: [`token=${b("ghs_", ALNUM, 36, 13)}`, `${b("ghu_", ALNUM, 36, 14)}`],
      noMatch: ["ghs_${{ secrets.APP_TOKEN }}", "ghu_************************************"]
    }
  },
  {
    id: "github-refresh-token",
    description: "GitHub App refresh token",
    pattern: `${L}(ghr_[A-Za-z0-9]{36,76})${R}`,
    secretGroup: 1,
    keywords: ["ghr_"],
    anchors: ["ghr_"],
    identity: false,
    examples: {
      match: [`refresh_token: ${b("ghr_", ALNUM, 36, 15)}`, `x ${b("ghr_", ALNUM, 76, 16)}`],
      noMatch: ["refresh_token: ghr_", "ghr_your_refresh_token_here_123456789012"]
    }
  },
  {
    id: "gitlab-pat",
    description: "GitLab personal, project or group access token",
    pattern: `${L}(glpat-[A-Za-z0-9_\\-]{20,64}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{9})?)(?![A-Za-z0-9_\\-.])`,
    secretGroup: 1,
    keywords: ["glpat-"],
    anchors: ["glpat-"],
    identity: false,
    examples: {
      match: [`GITLAB_TOKEN=${b("glpat-", ALNUM, 20, 17)}`, `private_token: "${b("glpat-", ALNUM, 27, 18)}.01.${fake("abcdefghij0123456789", 9, 1)}"`],
      noMatch: ["GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx", "glpat-<token>"]
    }
  },
  {
    id: "gitlab-pipeline-trigger-token",
    description: "GitLab pipeline trigger token",
    pattern: `${L}(glptt-[0-9a-f]{40})${R}`,
    secretGroup: 1,
    entropy: 3,
    keywords: ["glptt-"],
    anchors: ["glptt-"],
    identity: false,
    examples: {
      match: [`TRIGGER_TOKEN=${b("glptt-", HEX, 40, 19)}`, `token: ${b("glptt-", HEX, 40, 20)}`],
      noMatch: ["TRIGGER_TOKEN=glptt-0000000000000000000000000000000000000000", "glptt-$TRIGGER"]
    }
  },
  {
    id: "gitlab-runner-token",
    description: "GitLab runner authentication or registration token",
    pattern: `${L}(glrt-[A-Za-z0-9_\\-]{20,64}|GR1348941[A-Za-z0-9_\\-]{20,64})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    keywords: ["glrt-", "gr1348941"],
    anchors: ["glrt-", "GR1348941"],
    identity: false,
    examples: {
      match: [`token = "${b("glrt-", ALNUM, 20, 21)}"`, `REGISTRATION_TOKEN=${b("GR1348941", ALNUM, 20, 22)}`],
      noMatch: ['token = "glrt-REDACTED"', "GR1348941"]
    }
  },
  {
    id: "gitlab-deploy-token",
    description: "GitLab deploy token",
    pattern: `${L}(gldt-[A-Za-z0-9_\\-]{20,64})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    keywords: ["gldt-"],
    anchors: ["gldt-"],
    identity: false,
    examples: {
      match: [`DEPLOY_TOKEN=${b("gldt-", ALNUM, 20, 23)}`, `password: ${b("gldt-", ALNUM, 24, 24)}`],
      noMatch: ["DEPLOY_TOKEN=gldt-", "gldt-placeholder-placeholder"]
    }
  },
  {
    id: "slack-token",
    description: "Slack bot, user, app or workspace token",
    pattern: `${L}(xox[abeoprs]-[0-9]{8,13}-[A-Za-z0-9\\-]{8,200}|xapp-\\d-[A-Z0-9]{8,12}-\\d{8,13}-[a-z0-9]{32,80})(?![A-Za-z0-9\\-])`,
    secretGroup: 1,
    keywords: ["xox", "xapp-"],
    anchors: [..."abeoprs"].map((c) => `xox${c}-`).concat("xapp-"),
    identity: false,
    examples: {
      match: [
        `SLACK_BOT_TOKEN=xoxb-${fake("0123456789", 11, 1)}-${fake("0123456789", 12, 3)}-${fake(ALNUM, 24, 25)}`,
        `token: xapp-1-${fake(UPPER_ALNUM, 11, 3)}-${fake("0123456789", 13, 4)}-${fake(HEX, 64, 5)}`
      ],
      noMatch: ["SLACK_BOT_TOKEN=xoxb-your-token-here", "xoxb-1234"]
    }
  },
  {
    id: "slack-webhook-url",
    description: "Slack incoming webhook URL",
    pattern: "(?<![\\w.])((?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_\\-]{30,160})(?![A-Za-z0-9+/_\\-])",
    secretGroup: 1,
    keywords: ["hooks.slack.com"],
    anchors: ["hooks.slack.com"],
    identity: false,
    examples: {
      match: [
        `SLACK_WEBHOOK=https://hooks.slack.com/services/T${fake(UPPER_ALNUM, 10, 6)}/B${fake(UPPER_ALNUM, 10, 7)}/${fake(ALNUM, 24, 26)}`,
        `url: "https://hooks.slack.com/workflows/T${fake(UPPER_ALNUM, 10, 8)}/A${fake(UPPER_ALNUM, 10, 9)}/${fake("0123456789", 18, 3)}/${fake(ALNUM, 24, 27)}"`
      ],
      noMatch: ["see https://hooks.slack.com/services/ for docs", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"]
    }
  },
  {
    id: "stripe-live-key",
    description: "Stripe live secret or restricted key",
    pattern: `${L}((?:sk|rk)_live_[A-Za-z0-9]{20,247})${R}`,
    secretGroup: 1,
    keywords: ["sk_live_", "rk_live_"],
    anchors: ["sk_live_", "rk_live_"],
    identity: false,
    examples: {
      match: [`STRIPE_SECRET_KEY=${b("sk_live_", ALNUM, 24, 28)}`, `key: '${b("rk_live_", ALNUM, 99, 29)}'`],
      noMatch: ["STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", `sk_test_${fake(ALNUM, 24)}`]
    }
  },
  {
    id: "google-api-key",
    description: "Google API key",
    pattern: `${L}(AIza[0-9A-Za-z_\\-]{35})(?![0-9A-Za-z_\\-])`,
    secretGroup: 1,
    keywords: ["aiza"],
    anchors: ["AIza"],
    identity: false,
    examples: {
      match: [`GOOGLE_API_KEY=${b("AIza", BASE64URL, 35, 30)}`, `"apiKey": "${b("AIza", ALNUM, 35, 31)}"`],
      noMatch: ["GOOGLE_API_KEY=AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "AIza-your-api-key-here"]
    }
  },
  {
    id: "gcp-service-account-key",
    description: "Google Cloud service account key file (JSON with private_key)",
    pattern: '"private_key"\\s*:\\s*"(-----BEGIN[A-Z ]{0,30}PRIVATE KEY-----[A-Za-z0-9+/=\\\\\\s]{64,8192}?-----END[A-Z ]{0,30}PRIVATE KEY-----(?:\\\\n)?)"',
    secretGroup: 1,
    keywords: ["private_key"],
    anchors: ['"private_key"'],
    requires: '"type"\\s*:\\s*"service_account"',
    entropy: 4,
    identity: true,
    examples: {
      match: [
        `{"type": "service_account", "project_id": "demo", "private_key": "-----BEGIN PRIVATE KEY-----\\n${fake(BASE64, 64, 32)}\\n${fake(BASE64, 64, 33)}\\n-----END PRIVATE KEY-----\\n"}`,
        `{"type":"service_account","private_key":"-----BEGIN RSA PRIVATE KEY-----\\n${fake(BASE64, 64, 34)}\\n${fake(BASE64, 40, 35)}==\\n-----END RSA PRIVATE KEY-----"}`
      ],
      noMatch: [
        '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}',
        '{"type": "service_account", "private_key": "${GCP_PRIVATE_KEY}"}'
      ]
    }
  },
  {
    id: "azure-ad-client-secret",
    description: "Microsoft Entra ID (Azure AD) application client secret",
    pattern: "(?<![A-Za-z0-9_~.\\-])([A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34})(?![A-Za-z0-9_~.\\-])",
    secretGroup: 1,
    keywords: ["q~"],
    anchors: ["Q~"],
    entropy: 3,
    identity: true,
    examples: {
      match: [`AZURE_CLIENT_SECRET=${fake(ALNUM, 3, 36)}8Q~${fake(ALNUM, 34, 37)}`, `client_secret = "${fake(ALNUM, 3, 38)}7Q~${fake(ALNUM, 31, 39)}"`],
      noMatch: ["AZURE_CLIENT_SECRET=abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "Q~ is part of the format"]
    }
  },
  {
    id: "azure-storage-account-key",
    description: "Azure storage account key in a connection string",
    pattern: "(?<![A-Za-z])AccountKey=([A-Za-z0-9+/]{86}==)",
    secretGroup: 1,
    keywords: ["accountkey="],
    anchors: ["AccountKey="],
    identity: false,
    examples: {
      match: [
        `DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=${fake(BASE64, 86, 40)}==;EndpointSuffix=core.windows.net`,
        `conn: "AccountKey=${fake(BASE64, 86, 41)}=="`
      ],
      noMatch: ["AccountKey=<storage-account-key>", "AccountKey=${STORAGE_KEY}"]
    }
  },
  {
    id: "npm-access-token",
    description: "npm access token",
    pattern: `${L}(npm_[A-Za-z0-9]{36})${R}`,
    secretGroup: 1,
    keywords: ["npm_"],
    anchors: ["npm_"],
    identity: false,
    checksum: "crc32-base62",
    examples: {
      match: [
        `//registry.npmjs.org/:_authToken=${b("npm_", ALNUM, 36, 42)}`,
        `NPM_TOKEN: ${b("npm_", ALNUM, 36, 43)}`,
        `NPM_TOKEN: ${checksummed("npm_", CHECKSUMMED_PLACEHOLDER)}`
      ],
      noMatch: ["//registry.npmjs.org/:_authToken=${NPM_TOKEN}", "npm_config_registry=https://registry.npmjs.org"]
    }
  },
  {
    id: "pypi-upload-token",
    description: "PyPI API token",
    pattern: `${L}(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,1000})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    keywords: ["pypi-ageichlwas5vcmc"],
    anchors: ["pypi-AgEIcHlwaS5vcmc"],
    identity: false,
    examples: {
      match: [`password = ${b("pypi-AgEIcHlwaS5vcmc", BASE64URL, 70, 44)}`, `TWINE_PASSWORD=${b("pypi-AgEIcHlwaS5vcmc", BASE64URL, 150, 45)}`],
      noMatch: ["password = pypi-AgEIcHlwaS5vcmc...", "TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmcXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"]
    }
  },
  {
    id: "okta-ssws-token",
    description: "Okta API token in an SSWS authorization header",
    pattern: "(?<![A-Za-z0-9_])SSWS[ \\t]+([A-Za-z0-9_\\-]{40,42})(?![A-Za-z0-9_\\-])",
    secretGroup: 1,
    keywords: ["ssws"],
    anchors: ["SSWS"],
    entropy: 3,
    identity: true,
    examples: {
      match: [`Authorization: SSWS 00${fake(BASE64URL, 40, 46)}`, `-H "Authorization: SSWS ${fake(ALNUM, 42, 47)}"`],
      noMatch: ["Authorization: SSWS ${OKTA_API_TOKEN}", "Authorization: SSWS <api-token>"]
    }
  },
  {
    id: "okta-api-token",
    description: "Okta API token assigned to an Okta setting",
    // Okta's Terraform provider and SDKs call it `api_token`/`token`: inside a file that mentions
    // Okta, a `00…` token under such a key is an Okta one too.
    pattern: `${assign("[\\w.\\-]{0,40}(?:okta|token)[\\w.\\-]{0,40}")}(00[A-Za-z0-9_\\-]{40})(?![A-Za-z0-9_\\-])`,
    flags: "i",
    secretGroup: 4,
    keyGroup: 2,
    requires: "okta",
    keywords: ["okta", "token"],
    anchor: "key",
    entropy: 3,
    identity: true,
    examples: {
      match: [
        `OKTA_API_TOKEN=00${fake(BASE64URL, 40, 48)}`,
        // secretowners:ignore[hardcoded-secret] a detector example, built from fakes
        `okta:
  api_token: x
okta_token: "00${fake(ALNUM, 40, 49)}"`,
        `OKTA_API_TOKEN="\${OKTA_API_TOKEN:-00${fake(ALNUM, 40, 50)}}"`
      ],
      noMatch: ["OKTA_API_TOKEN=00xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "okta_token = var.okta_token"]
    }
  },
  {
    id: "auth0-credential",
    description: "Auth0 client secret or Management API token assigned to an Auth0 setting",
    pattern: `${assign("[\\w.\\-]{0,40}auth0[\\w.\\-]{0,40}")}([A-Za-z0-9_\\-.~]{32,4096})(?![A-Za-z0-9_\\-.~])`,
    flags: "i",
    secretGroup: 4,
    keyGroup: 2,
    keyPattern: "(?:secret|token|key|password|credential)",
    keywords: ["auth0"],
    anchor: "key",
    entropy: 3.5,
    identity: true,
    allowlist: { keys: [NON_CREDENTIAL_KEY_PATTERN] },
    examples: {
      match: [`AUTH0_CLIENT_SECRET=${fake(BASE64URL, 64, 50)}`, `auth0_management_token: "${fake(BASE64URL, 40, 51)}.${fake(BASE64URL, 40, 52)}"`],
      noMatch: [`AUTH0_CLIENT_ID=${fake(ALNUM, 32, 53)}`, "AUTH0_CLIENT_SECRET=your-auth0-client-secret-goes-here"]
    }
  },
  {
    id: "vault-token",
    description: "HashiCorp Vault service, batch or recovery token",
    pattern: `${L}(hv[sbr]\\.[A-Za-z0-9_\\-]{24,250})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    keywords: ["hvs.", "hvb.", "hvr."],
    anchors: ["hvs.", "hvb.", "hvr."],
    entropy: 3,
    identity: true,
    examples: {
      match: [`VAULT_TOKEN=${b("hvs.", BASE64URL, 90, 54)}`, `token: ${b("hvb.", ALNUM, 24, 55)}`],
      noMatch: ["VAULT_TOKEN=hvs.XXXXXXXXXXXXXXXXXXXXXXXX", "hvs.$VAULT_TOKEN"]
    }
  },
  {
    id: "terraform-cloud-token",
    description: "Terraform Cloud / Enterprise API token",
    pattern: `${L}([A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=\\-]{60,70})(?![A-Za-z0-9_=\\-])`,
    secretGroup: 1,
    keywords: ["atlasv1"],
    anchors: [".atlasv1."],
    identity: false,
    examples: {
      match: [`token = "${fake(ALNUM, 14, 56)}.atlasv1.${fake(BASE64URL, 67, 57)}"`, `TFE_TOKEN=${fake(ALNUM, 14, 58)}.atlasv1.${fake(ALNUM, 60, 59)}`],
      noMatch: ['token = "xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"', "atlasv1 tokens are long"]
    }
  },
  {
    id: "1password-service-account-token",
    description: "1Password service account token",
    pattern: `${L}(ops_eyJ[A-Za-z0-9+/=_\\-]{100,4096})(?![A-Za-z0-9+/=_\\-])`,
    secretGroup: 1,
    keywords: ["ops_eyj"],
    anchors: ["ops_eyJ"],
    entropy: 3.5,
    identity: true,
    examples: {
      match: [`OP_SERVICE_ACCOUNT_TOKEN=${b("ops_eyJ", BASE64, 300, 60)}`, `token: "${b("ops_eyJ", BASE64URL, 120, 61)}"`],
      noMatch: ["OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ...", "OP_SERVICE_ACCOUNT_TOKEN=${{ secrets.OP_SERVICE_ACCOUNT_TOKEN }}"]
    }
  },
  {
    id: "doppler-token",
    description: "Doppler personal, service, service-account, CLI, SCIM or audit token",
    pattern: `${L}(dp\\.(?:pt|st|sa|ct|scim|audit)\\.(?:[a-z0-9_\\-]{2,35}\\.)?[A-Za-z0-9]{40,44})${R}`,
    secretGroup: 1,
    keywords: ["dp."],
    anchors: ["dp."],
    entropy: 3,
    identity: true,
    examples: {
      match: [`DOPPLER_TOKEN=${b("dp.st.", ALNUM, 43, 62)}`, `token: dp.st.prd.${fake(ALNUM, 43, 63)}`],
      noMatch: ["DOPPLER_TOKEN=dp.st.xxxx", "DOPPLER_TOKEN=dp.pt.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"]
    }
  },
  {
    id: "twilio-api-key",
    description: "Twilio API key SID",
    pattern: `${L}(SK[0-9a-fA-F]{32})${R}`,
    secretGroup: 1,
    // `SK` + a hex digit: plain `sk` would wake this detector on every `task:` and `disk`.
    keywords: [..."0123456789abcdef"].map((hex) => `sk${hex}`),
    anchors: ["SK"],
    entropy: 3,
    identity: false,
    examples: {
      match: [`TWILIO_API_KEY=${b("SK", HEX, 32, 64)}`, `api_key_sid: "${b("SK", HEX, 32, 65)}"`],
      noMatch: ["TWILIO_API_KEY=SK00000000000000000000000000000000", "SKIP_TESTS=1"]
    }
  },
  {
    id: "twilio-auth-token",
    description: "Twilio account auth token",
    pattern: `${assign("[\\w.\\-]{0,40}twilio[\\w.\\-]{0,40}")}([0-9a-f]{32})${R}`,
    flags: "i",
    secretGroup: 4,
    keyGroup: 2,
    keyPattern: "(?:auth|token|secret)",
    keywords: ["twilio"],
    anchor: "key",
    entropy: 3,
    identity: false,
    examples: {
      match: [`TWILIO_AUTH_TOKEN=${fake(HEX, 32, 66)}`, `twilio_token: "${fake(HEX, 32, 67)}"`],
      noMatch: [`TWILIO_ACCOUNT_SID=AC${fake(HEX, 32, 68)}`, "TWILIO_AUTH_TOKEN=00000000000000000000000000000000"]
    }
  },
  {
    id: "sendgrid-api-key",
    description: "SendGrid API key",
    pattern: `${L}(SG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    keywords: ["sg."],
    anchors: ["SG."],
    entropy: 3,
    identity: false,
    examples: {
      match: [`SENDGRID_API_KEY=SG.${fake(BASE64URL, 22, 69)}.${fake(BASE64URL, 43, 70)}`, `apiKey: 'SG.${fake(ALNUM, 22, 71)}.${fake(ALNUM, 43, 72)}'`],
      noMatch: ["SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "SG.your_api_key"]
    }
  },
  ...PROVIDER_DETECTORS,
  // Credential files, recognised by name and shape.
  {
    id: "npmrc-auth-token",
    description: "Registry credential in an .npmrc file (_authToken, _auth or _password)",
    pattern: String.raw`(?:^|[\s;])(?://[^\s=]*:)?(_(?:authToken|auth|password))[ \t]*=[ \t]*["']?([^\s"'$\x7b<]{8,})`,
    secretGroup: 2,
    keyGroup: 1,
    keywords: ["_auth", "_password"],
    anchors: ["_auth", "_password"],
    paths: ["(?:^|/)\\.npmrc$"],
    entropy: 3,
    identity: false,
    examples: {
      path: "app/.npmrc",
      match: [`//npm.pkg.github.com/:_authToken=${fake(ALNUM, 40, 500)}`, `//registry.corp.local/:_auth=${base64(`ci:${fake(ALNUM, 20, 501)}`)}`],
      noMatch: ["//registry.npmjs.org/:_authToken=${NPM_TOKEN}", "always-auth=true\n_auth=<base64 user:password>"]
    }
  },
  {
    id: "docker-config-auth",
    description: "Registry credential in a Docker config.json (auths \u2026 auth or identitytoken)",
    pattern: String.raw`"(?:auth|identitytoken)"[ \t]*:[ \t]*"([A-Za-z0-9+/._\-]{12,}={0,2})"`,
    secretGroup: 1,
    keywords: ['"auth"', '"identitytoken"'],
    paths: ["(?:^|/)(?:\\.docker/config|\\.dockercfg|\\.dockerconfigjson|docker-config|dockerconfig)(?:\\.json)?$"],
    entropy: 3,
    identity: false,
    examples: {
      path: "ci/.docker/config.json",
      match: [`{"auths": {"ghcr.io": {"auth": "${base64(`bot:${fake(ALNUM, 24, 502)}`)}"}}}`, `{
  "auths": {
    "registry.corp.local": {
      "identitytoken": "${fake(BASE64URL, 40, 503)}"
    }
  }
}`],
      noMatch: [`{"auths": {"ghcr.io": {"auth": "${base64("username:password")}"}}}`, `{"auths": {}, "credHelpers": {"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"}}`]
    }
  },
  {
    id: "pypirc-password",
    description: "Package index password or token in a .pypirc file",
    pattern: String.raw`^[ \t]*(password)[ \t]*[:=][ \t]*(\S+)`,
    flags: "m",
    secretGroup: 2,
    keyGroup: 1,
    keywords: ["password"],
    anchors: ["password"],
    paths: ["(?:^|/)\\.pypirc$"],
    entropy: 2.5,
    identity: false,
    examples: {
      path: ".pypirc",
      match: [`[testpypi]
username = ci
password = ${fake(ALNUM, 20, 505)}`, `[internal]
password: ${fake(BASE64, 16, 506)}!`],
      noMatch: ["[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}", "[pypi]\npassword = <your-token>"]
    }
  },
  {
    id: "netrc-password",
    description: "Password in a .netrc file",
    pattern: String.raw`(?<![\w-])(password)[ \t]+(\S+)`,
    secretGroup: 2,
    keyGroup: 1,
    keywords: ["password"],
    anchors: ["password"],
    paths: ["(?:^|/)[._]?netrc$"],
    entropy: 2.5,
    identity: false,
    examples: {
      path: "home/.netrc",
      match: [`machine git.corp.local login deploy password ${fake(ALNUM, 18, 507)}`, `machine api.heroku.com
  login ci@example.com
  password ${fake(BASE64URL, 24, 508)}`],
      noMatch: ["machine git.corp.local login deploy password $NETRC_PASSWORD", "machine x login y password changeme"]
    }
  },
  {
    id: "kubeconfig-credential",
    description: "User credential in a kubeconfig (token, password or client-key-data)",
    pattern: String.raw`(?<![\w-])(client-key-data|token|password)[ \t]*:[ \t]*["']?([A-Za-z0-9+/=._~\-]{16,})`,
    secretGroup: 2,
    keyGroup: 1,
    // The file's shape gates it: only a kubeconfig (a line `kind: Config`, the value quoted or not)
    // is read; the anchors also find `kind: ConfigMap`, which `requires` then turns away.
    keywords: ["kind: config", 'kind: "config"', "kind: 'config'"],
    anchors: ["kind: Config", 'kind: "Config"', "kind: 'Config'"],
    requires: String.raw`(?:^|\n)kind:[ \t]*["']?config["']?[ \t]*(?:#[^\n]*)?(?:\r?\n|$)`,
    scope: "file",
    entropy: 3,
    identity: true,
    examples: {
      match: [
        `apiVersion: v1
kind: Config
users:
- name: ci
  user:
    token: ${fake(BASE64URL, 40, 509)}
`,
        `apiVersion: v1
kind: Config
users:
- name: admin
  user:
    client-key-data: ${fake(BASE64, 64, 510)}
`,
        `apiVersion: v1
kind: "Config"
users:
- name: ci
  user:
    token: ${fake(BASE64URL, 40, 931)}
`,
        `kind: 'Config'
users:
- name: ci
  user:
    password: ${fake(BASE64URL, 24, 932)}
`
      ],
      noMatch: [
        "apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    exec:\n      command: aws\n",
        `apiVersion: v1
kind: Secret
metadata:
  name: x
image_token: ${"x".repeat(20)}
`
      ]
    }
  },
  {
    id: "encrypted-private-key",
    description: "Encrypted PEM private key (encrypted; the passphrase lives elsewhere)",
    pattern: "-----BEGIN ENCRYPTED PRIVATE KEY-----[\\s\\S]{64,65536}?-----END ENCRYPTED PRIVATE KEY-----|-----BEGIN [A-Z]{2,10} PRIVATE KEY-----\\s*Proc-Type: 4,ENCRYPTED[\\s\\S]{64,65536}?-----END [A-Z]{2,10} PRIVATE KEY-----|-----BEGIN OPENSSH PRIVATE KEY-----\\s*b3BlbnNzaC1rZXktdjEAAAAA[A-Za-z0-9+/]{0,40}YmNyeXB0[\\s\\S]{16,65536}?-----END OPENSSH PRIVATE KEY-----",
    keywords: ["private key"],
    anchors: ["PRIVATE KEY"],
    scope: "file",
    entropy: 4,
    identity: false,
    severity: "note",
    examples: {
      match: [
        `-----BEGIN ENCRYPTED PRIVATE KEY-----
${fake(BASE64, 64, 511)}
${fake(BASE64, 64, 512)}
-----END ENCRYPTED PRIVATE KEY-----
`,
        `-----BEGIN RSA PRIVATE KEY-----
Proc-Type: 4,ENCRYPTED
DEK-Info: AES-128-CBC,${fake(HEX, 32, 513).toUpperCase()}

${fake(BASE64, 64, 514)}
-----END RSA PRIVATE KEY-----
`
      ],
      noMatch: ["-----BEGIN ENCRYPTED PRIVATE KEY-----\n...\n-----END ENCRYPTED PRIVATE KEY-----", "Proc-Type: 4,ENCRYPTED"]
    }
  },
  {
    id: "private-key",
    description: "PEM-encoded private key",
    pattern: "-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]{64,65536}?-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----",
    keywords: ["private key"],
    anchors: ["PRIVATE KEY"],
    scope: "file",
    entropy: 4,
    identity: false,
    examples: {
      match: [
        `-----BEGIN RSA PRIVATE KEY-----
${fake(BASE64, 64, 73)}
${fake(BASE64, 64, 74)}
-----END RSA PRIVATE KEY-----
`,
        `key: |\r
  -----BEGIN OPENSSH PRIVATE KEY-----\r
  ${fake(BASE64, 70, 75)}\r
  ${fake(BASE64, 30, 76)}\r
  -----END OPENSSH PRIVATE KEY-----\r
`
      ],
      noMatch: ["-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----", "-----BEGIN PUBLIC KEY-----\n" + fake(BASE64, 64) + "\n-----END PUBLIC KEY-----"]
    }
  },
  {
    id: "jwt",
    description: "JSON Web Token",
    pattern: `${L}(eyJ[A-Za-z0-9_\\-]{10,2048}\\.eyJ[A-Za-z0-9_\\-]{10,8192}\\.[A-Za-z0-9_\\-]{16,1024})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    keywords: ["eyj"],
    anchors: ["eyJ"],
    entropy: 3.5,
    identity: false,
    examples: {
      match: [`Authorization: Bearer eyJ${fake(BASE64URL, 30, 77)}.eyJ${fake(BASE64URL, 60, 78)}.${fake(BASE64URL, 43, 79)}`, `token: eyJ${fake(ALNUM, 20, 80)}.eyJ${fake(ALNUM, 40, 81)}.${fake(ALNUM, 86, 82)}`],
      noMatch: [
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "token: eyJ..."
      ]
    }
  },
  {
    id: "url-credentials",
    description: "Password embedded in a URL (scheme://user:password@host)",
    pattern: `(?<![A-Za-z0-9+.\\-])[A-Za-z][A-Za-z0-9+.\\-]{1,20}://([^\\s:/?#@"'<>\\[\\]{}$]{1,128}):([^\\s/?#@"'<>\\[\\]]{3,256})@[A-Za-z0-9.\\-_]{1,255}`,
    secretGroup: 2,
    // Pivoted on `@`, which is far rarer in text than `://`: most URLs carry no credentials.
    keywords: ["@"],
    anchors: ["@"],
    identity: false,
    allowlist: {
      values: ["^\\$", "^%\\w"],
      words: ["pass", "pwd", "user", "postgres", "mysql", "redis", "rabbitmq", "mongo"],
      matches: [
        "@(?:[\\w\\-]+\\.)*example\\.(?:com|org|net)\\b",
        "@(?:host|hostname|server)(?![\\w.\\-])",
        "://(?:user|username|usr):",
        // The machine itself: a test or dev script's local server (minio's buildscripts).
        "@(?:localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0)(?![\\w.\\-])"
      ]
    },
    examples: {
      match: [`DATABASE_URL=postgres://app:${fake(ALNUM, 16, 83)}@db.internal:5432/app`, `url: "https://deploy:${fake(BASE64URL, 20, 84)}@git.corp.local/repo.git"`],
      noMatch: [
        "DATABASE_URL=postgres://postgres:postgres@localhost:5432/app",
        "https://user:password@example.com",
        "amqp://guest:${RABBIT_PASSWORD}@rabbit:5672",
        "export MC_HOST_sitea=http://foobar:foo12345@127.0.0.1:9001"
      ]
    }
  },
  {
    id: "generic-name-value-credential",
    description: "Credential-like literal in a name/value pair (Kubernetes env, ECS task definitions)",
    pattern: `(?<=(?:^|[^\\w\\-])(["']?)name\\1[ \\t]*:[ \\t]*)(["']?)([A-Za-z_][\\w.\\-]{0,100})(?![\\w.\\-])\\2[ \\t]*,?[ \\t]*\\r?\\n[ \\t]*(["']?)value\\4[ \\t]*:[ \\t]*(["']?)([^\\x00-\\x20\\x7F-\\uFFFF"'\`$<{%(\\[!&*|>#,][^\\x00-\\x20\\x7F-\\uFFFF"'\`]{0,511})\\5[ \\t]*,?[ \\t]*(?=\\r?(?:\\n|$)|#)`,
    secretGroup: 6,
    keyGroup: 3,
    keyPattern: CREDENTIAL_KEY_PATTERN,
    keywords: GENERIC_KEYWORDS,
    anchor: "key",
    entropy: 3,
    minLength: 8,
    identity: false,
    quotedIn: { paths: QUOTED_LITERAL_PATHS, quoteGroup: 5 },
    allowlist: { keys: [NON_CREDENTIAL_KEY_PATTERN], values: GENERIC_VALUE_ALLOWLIST, paths: [LOCALE_FILE_PATH] },
    examples: {
      match: [`env:
  - name: DB_PASSWORD
    value: "${fake(ALNUM, 16, 85)}"`, `- name: API_TOKEN\r
  value: ${fake(BASE64URL, 32, 86)}\r
`],
      noMatch: ["- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db, key: password}", "- name: API_TOKEN\n  value: $(API_TOKEN)"],
      noMatchIn: {
        // In code an unquoted value is an expression (hoppscotch useConfigHandler.ts).
        "src/composables/useConfigHandler.ts": ["        name: InfraConfigEnum.MagicLinkTokenValidity,\n        value: magicLinkTokenValidity,"]
      }
    }
  },
  {
    id: "generic-credential",
    description: "High-entropy literal assigned to a credential-like key",
    pattern: (
      // Key-anchored: the scanner starts it at the key (or the dashes/quote before it), so no
      // leading boundary assertion; the lookbehind only runs for the rare space-separated forms.
      // The value's runs are unbounded but cannot backtrack catastrophically: `[,;]` separators
      // are disjoint from the run class, and no run crosses whitespace, so a line bounds them.
      // Printable ASCII only: binary-ish junk after `password=` is not a credential.
      // Not after `${`: in `${NAME:-fallback}` the `:` is shell syntax, not an assignment to NAME;
      // not after `$`: `{{- $password := .Values.x }}` binds a template variable. `::` is a scope
      // operator (`device::MakeCredentialStatus::kDenied`), `==` a comparison. A `,KEY=` inside a
      // value starts the next pair (`--set auth.password=x,auth.user=y`).
      `(?<!\\$\\{|\\$)(?:--?)?(["']?)([A-Za-z_][\\w.\\-]{0,100})(?![\\w.\\-])\\1(?:[ \\t]*(?::=|=>|:(?!:)|=(?![=~]))[ \\t]*|(?<=(?:^\\s*(?:ENV|ARG)\\s+|--)[\\w.\\-]{1,101})[ \\t]+)(["'\`]?)([^\\x00-\\x20\\x7F-\\uFFFF"'\`$<{%(\\[!&*|>#,;:][^\\x00-\\x20\\x7F-\\uFFFF"'\`,;]*(?:[,;](?![A-Za-z_][\\w.\\-]*=)[^\\x00-\\x20\\x7F-\\uFFFF"'\`,;]+)*)\\3(?=[\\s,;})\\]]|$)`
    ),
    secretGroup: 4,
    keyGroup: 2,
    keyPattern: CREDENTIAL_KEY_PATTERN,
    keywords: GENERIC_KEYWORDS,
    anchor: "key",
    quotedIn: { paths: QUOTED_LITERAL_PATHS, quoteGroup: 3 },
    entropy: 3,
    minLength: 8,
    identity: false,
    allowlist: { keys: [NON_CREDENTIAL_KEY_PATTERN], values: GENERIC_VALUE_ALLOWLIST, paths: [LOCALE_FILE_PATH] },
    examples: {
      match: [
        `DB_PASSWORD=${fake(ALNUM, 16, 87)}`,
        `export API_KEY="${fake(BASE64, 32, 88)}"`,
        `client_secret: ${fake(ALNUM, 24, 89)}`,
        `{"apiKey": "${fake(ALNUM, 32, 90)}"}`,
        `  password = "${fake(ALNUM, 12, 91)}!"`,
        `ENV SERVICE_TOKEN ${fake(BASE64URL, 28, 92)}`,
        `ARG NPM_AUTH=${fake(ALNUM, 20, 93)}`,
        `mysql --password ${fake(ALNUM, 14, 94)} -h db`,
        `cli login --token=${fake(ALNUM, 30, 95)}`,
        // Real passwords with digits or symbols are not identifiers, whatever their shape.
        "DB_PASSWORD=Welcome1Prod2024",
        "  password: Summer2024Secret",
        'bind_password: "k7#Rq2%Lx9!vTm4Z"',
        // A `--set` list is cut at the next pair, not swallowed whole.
        `helm install db bitnami/postgresql --set auth.password=${fake(ALNUM, 14, 96)},auth.username=app`
      ],
      noMatch: [
        "password: changeme",
        "DB_PASSWORD=${DB_PASSWORD}",
        'SESSION_LEVEL="${SSO_PASSWORD:-payments-v2}"',
        "  readonly #credentials: Credential[] = [];",
        "function gate(tokens: Iterable<string>, options: Options): Gate {",
        "const SECRET_MODULES: Record<string, string> = {",
        "const credential: fc.Arbitrary<Planted> = fc",
        "function contextOf(token: BasicExpressionToken): string[] {",
        'next = "?InterpolationInJSX";',
        "wasm-opt in.wasm --pass-arg=asyncify-imports@env.await_promise",
        "api_key: <your-api-key>",
        "token: ${{ secrets.DEPLOY_TOKEN }}",
        'password: "{{ .Values.db.password }}"',
        "secret = var.db_secret",
        "API_KEY=process.env.API_KEY",
        'password = os.environ["DB_PASSWORD"]',
        "secretName: my-tls-secret",
        "token_ttl: 3600",
        "password: your-api-key-here",
        "password: '********'",
        "The password is stored in the vault and rotated every month.",
        "auth: true",
        "password: null",
        'password = "%(db_password)s"',
        "secret: secret/data/myapp/db",
        "api_key: $API_KEY",
        "apiKey: DUMMYDUMMYDUMMY123",
        "password: TODO-set-me-please",
        // Template bindings and pipelines.
        "{{- $password := .Values.auth.password }}",
        "  password: {{ .Values.auth.password | b64enc | quote }}",
        // Escaped or indirect shell variables.
        'REDISCLI_AUTH="\\$VALKEY_PASSWORD"',
        'export REDIS_PASSWORD="${REDIS_PASSWORD:-}"',
        "DB_PASSWORD=$(cat /run/secrets/db_password)",
        // Scope operators (C++, Rust, PHP) and translation placeholders are not assignments.
        "    status = device::MakeCredentialStatus::kUserConsentDenied;",
        '"[%key:ui::panel::forgot_password::subtitle%]"',
        // Image tags, versions, public certificates, key ids and ARNs.
        "secretsStoreImage: registry.k8s.io/csi-secrets-store/driver:v1.4.0",
        "vault_token_helper: hashicorp/vault:1.15.2-ubi",
        "token_version: 7.2.4-debian-12-r0",
        `tls_secret: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t${fake(BASE64, 40, 97)}`,
        "master_user_secret_kms_key_id: arn:aws:kms:eu-west-1:111122223333:key/1234abcd",
        "signing_key: arn:aws:kms:eu-west-1:111122223333:alias/release",
        // A flag taken as the value, prose and `--set` lists in READMEs.
        "echo $PW | docker login -u ci --password-stdin ghcr.io",
        "argocd login cd.local --username admin --password --insecure-storage",
        "adduser --disabled-password --no-create-home --gecos '' app",
        "helm install --set accessKey=myaccesskey,secretKey=mysecretkey minio",
        "In the UI log in with user/pass: admin/password",
        "kubectl --server=https://127.0.0.1:6443 --token=foo/system:masters apply -f x.yaml",
        // Vault secret references, `NAME=secret:field` (grafana/helm-charts, get-vault-secrets).
        "            GPG_PRIVATE_KEY=helm-chart-signing-key:private_key",
        "            GPG_PASSPHRASE=helm-chart-signing-key:passphrase",
        // Regular expressions, setting names, type names repeated as values, references.
        "	PasswordPatten = `^.{8,32}$`",
        '	settingAdminPasswordMtimeKey = "admin.passwordMtime"',
        '		SSHPrivateKey: "SSHPrivateKey",',
        "    clientSecret: $another-secret:oidc.auth0.clientSecret",
        // bitnami/charts: a Secret named with an acronym, a list of placeholder names, an htpasswd
        // entry holding a bcrypt hash, a placeholder naming its encoding, etcd's cluster token (an ID).
        "  # - secret: more-custom-CAs",
        "  ##       kubectl create secret generic SECRET_NAME --from-literal=client-passwords=CLIENT_PASSWORD1,CLIENT_PASSWORD2",
        "    htpasswd: harbor_registry_user:$2y$10$9L4Tc0DJbFFMB6RdSCunrOpTHdwhid4ktBJmLD00bYgqkkGOvll3m",
        "      accountkey: base64encodedaccountkey",
        'initialClusterToken: "etcd-cluster-k8s"',
        "ETCD_INITIAL_CLUSTER_TOKEN=etcd-cluster-prod-01",
        // dexidp/dex and GKE samples: URNs, a keyword argument, a count, .NET assembly identities.
        '	subjectConfirmationMethodBearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"',
        '	TokenTypeSAML2        = "urn:ietf:params:oauth:token-type:saml2"',
        '        "        response = tokenizer.decode(outputs[0][input_len:], skip_special_tokens=True).strip()\\n",',
        "    fill_template.py config.pbtxt max_tokens_in_paged_kv_cache:2560,max_attention_window_size:2560",
        '        <assemblyIdentity name="Antlr3.Runtime" publicKeyToken="eb42632606e9261f" />',
        '    <Reference Include="Microsoft.Web.Infrastructure, Version=1.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35, processorArchitecture=MSIL">',
        // authelia, zalando/postgres-operator, ory/kratos: a signing key named by e-mail, JOSE
        // algorithm names, a format string, a translation, a settings list, a path, a SQL name.
        "    git config user.signingkey security@authelia.com",
        "        id_token_encrypted_response_enc: 'A128CBC-HS256'",
        '	fmtAutheliaOpaqueOAuth2Token = "authelia_%s_"',
        '    "Password": "Adgangskode",',
        '  # infrastructure_roles_secrets: "secretname:monitoring-roles,userkey:user,passwordkey:password,rolekey:inrole"',
        '	pageTokenContext = "ory/keysetpagination_v2/page_token"',
        "ALTER TABLE selfservice_logout_flows RENAME COLUMN logout_token TO _logout_token_tmp;",
        // kolla-ansible paste.ini entry points, netbox's algorithm choices.
        "paste.filter_factory = cyborg.api.middleware.auth_token:AuthTokenMiddleware.factory",
        "use = call:masakari.api.auth:pipeline_factory_v1",
        "    AUTH_HMAC_SHA256 = 'hmac-sha256'",
        // A Java .properties translation (jenkinsci/kubernetes-plugin, config_zh_CN.properties).
        "ImagePullSecrets=\\u62C9\\u53D6\\u955C\\u50CF\\u7684 Secret",
        // minio, portainer, awx-operator: an acronym and a word, header names, a name repeating its
        // key, a camelCase storage key, a name inside a Jinja expression.
        '	stsLDAPPassword           = "LDAPPassword"',
        '	AmzCredential           = "X-Amz-Credential"',
        '	MetaDataEncryptionKey = "X-Minio-Internal-Server-Side-Encryption-S3-Kms-Sealed-Key"',
        '	DeletePortainerK8sRegistrySecrets = "DeletePortainerK8sRegistrySecrets"',
        "const storageKey = 'k8sAppEventsDatatable';",
        `        "{{ spec | combine({'postgres_configuration_secret': _generated_pg_secret_name}, recursive=True) }}"`,
        `        secrets: "{{ secrets | combine({'postgresConfigurationSecret': _pg_secret}) }}"`,
        // hashicorp/terraform-provider-kubernetes: a script step's JavaScript.
        "              const pd = api({token: PAGERDUTY_TOKEN});",
        // jhipster-sample-app: a browser storage key's name.
        "export const AUTHENTICATION_TOKEN_KEY = 'jhi-authenticationToken';",
        // elastic/helm-charts and opentelemetry-demo: a variable named for its encoding, a list of words.
        '               "token": base64Token,',
        "; allowed_auth_providers = default,keys,credentials",
        // traefik: a go.mod replace directive, a DNS name in a test server.
        '	auth.Ns = "ns.boulder.invalid."',
        // Placeholders: vocabulary words, keyboard sequences, base64 of a placeholder, the jwt.io token.
        "password: my-password",
        '	CommandK8sAuth = "argocd-k8s-auth"',
        "      const secretValue = 'THE_RECOVERED_SECRET_99';",
        "      password_encryption: scram-sha-256",
        "#api_token = 123456abcdefg",
        '"clientSecret": "aabbccddeeff00112233"',
        "  password: dGVzdC1wYXNzd29yZA==",
        'token := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"',
        "  admin.password: $2a$10$RncPyHW/B5ll2Z3J8s.IBOnbZ9uoJ4JhHLKzj5lzG/kU1KN1Oj3/K",
        // Names of where a secret lives or what models it (cloudposse, awx), API paths (awxkit).
        '    provisioner-secret-namespace = "csi.storage.k8s.io/provisioner-secret-namespace"',
        "OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = 'main.OAuth2AccessToken'",
        'OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"',
        "    _credential_input_sources = 'credential_input_sources/'",
        "    _credential_types = 'credential_types/'",
        "    _credentials = 'credentials/'",
        // A credential kind mapped to its Jenkins class (community.general jenkins_credential.py).
        '                "user_and_pass": "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl",',
        '                "ssh_key": "com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey",',
        // A question in words is prose, here a sample payload in a code comment (awx main/fields.py).
        "            #   'ssh_key_unlock': 'do-you-need-me?',",
        // A sed expression that rewrites the setting (getsentry/self-hosted).
        `  sed -i -e 's/^system.secret-key:.*$/system.secret-key: '"'$SECRET_KEY'"'/' $SENTRY_CONFIG_YML`
      ],
      noMatchIn: {
        "go.mod": ["replace github.com/abbot/go-http-auth => github.com/containous/go-http-auth v0.4.1-0.20200324110947-a37a7636d23e"],
        "packages/app/locales/de.json": ['    "label_client_secret": "Client-Geheimnis",'],
        "src/components/graphql/Headers.vue": ["    const token = isOAuth2 ? requestAuth.grantTypeInfo.token : requestAuth.token"],
        // dotnet/eShop: a Blazor component's C# code.
        "src/WebhookClient/Components/Pages/AddWebhook.razor": ["        token = options.Value.Token;"],
        // Terraform: unquoted right-hand sides are expressions (cloudposse/terraform-aws-components).
        "modules/app/main.tf": [
          '  mysql_admin_password = local.enabled ? (length(var.mysql_admin_password) > 0 ? var.mysql_admin_password : data.aws_ssm_parameter.mysql_admin_password[0].value) : ""',
          '    { "DATADOG_ACCESS_KEY" = local.datadog_location_config.accessKey },',
          '    { "DATADOG_PRIVATE_KEY" = local.datadog_location_config.privateKey },',
          "  templated_secrets = [for secret_template in sops_secret.manifest.spec.secretTemplates : secret_template.name]"
        ]
      }
    }
  }
];

// src/core/detect/prefilter.ts
var escape = (literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
var KEY_ANCHORED = DETECTORS.flatMap((d, i) => d.anchor === "key" && d.keywords.length > 0 ? [i] : []);
var KEYWORDLESS_DETECTORS = DETECTORS.flatMap((d, i) => d.keywords.length === 0 ? [i] : []);
var FREQUENCY = {
  " ": 223,
  e: 72,
  t: 52,
  r: 43,
  a: 42,
  o: 41,
  s: 40,
  n: 39,
  i: 38,
  l: 25,
  c: 23,
  "\n": 23,
  d: 21,
  u: 21,
  p: 19,
  m: 17,
  ".": 14,
  h: 13,
  f: 12,
  g: 12,
  ":": 11,
  _: 11,
  '"': 10,
  "-": 9.3,
  b: 9.1,
  y: 8.7,
  v: 7.4,
  "/": 6.4,
  "#": 6.3,
  ",": 6.1,
  "=": 5.9,
  w: 5.7,
  ")": 5.6,
  "(": 5.6,
  k: 4.8,
  "1": 4,
  "0": 3.8,
  "	": 3.8,
  x: 3.5,
  "{": 3.5,
  "}": 3.5,
  "2": 3.4,
  S: 3.1,
  T: 3,
  "'": 2.8,
  A: 2.8,
  E: 2.7,
  R: 2.7,
  "`": 2.3,
  "3": 2.2,
  C: 2.2,
  I: 2.2,
  N: 2.1,
  P: 2,
  "4": 1.9,
  O: 1.9,
  "[": 1.9,
  "]": 1.9,
  D: 1.8,
  "5": 1.7,
  "6": 1.7,
  "|": 1.7,
  "\\": 1.7,
  "8": 1.6,
  q: 1.6,
  j: 1.6,
  ">": 1.5,
  ";": 1.5,
  M: 1.5,
  L: 1.4,
  "<": 1.4,
  "9": 1.3,
  "7": 1.3,
  V: 1.1,
  G: 0.97,
  "&": 0.96,
  F: 0.96,
  z: 0.95,
  U: 0.93,
  B: 0.81,
  "*": 0.79,
  H: 0.69,
  W: 0.61,
  $: 0.59,
  "?": 0.59,
  K: 0.54,
  Y: 0.43,
  "!": 0.4,
  "+": 0.34,
  Z: 0.34,
  J: 0.28,
  Q: 0.28,
  "%": 0.26,
  X: 0.24,
  "@": 0.17,
  "~": 0.1,
  "^": 0.07,
  "\r": 0.03
};
var PASS_COST = 4;
var frequency = (ch) => FREQUENCY[ch] ?? 0.05;
var passCost = (ch) => PASS_COST + frequency(ch);
var ASCII = 128;
var DASHES = -1;
var ENV_OR_ARG = -2;
function planPivots(literals) {
  const codes = literals.map((literal) => [...new Set(literal)].map((ch) => ch.charCodeAt(0)));
  const holds = (literal, code) => codes[literal]?.includes(code) === true;
  const cost = (code) => passCost(String.fromCharCode(code));
  const chosen = /* @__PURE__ */ new Map();
  const covered = new Uint8Array(literals.length);
  for (let remaining = literals.length; remaining > 0; ) {
    const count = new Uint16Array(ASCII);
    codes.forEach((held, i) => {
      if (covered[i] === 0) for (const code of held) count[code] = (count[code] ?? 0) + 1;
    });
    let best = 0;
    let bestScore = Infinity;
    count.forEach((n, code) => {
      if (n > 0 && cost(code) / n < bestScore) {
        best = code;
        bestScore = cost(code) / n;
      }
    });
    const found = [];
    codes.forEach((held, i) => {
      if (covered[i] === 0 && held.includes(best)) found.push(i);
    });
    for (const i of found) covered[i] = 1;
    remaining -= found.length;
    chosen.set(best, found);
  }
  for (const code of [...chosen.keys()].sort((a, b2) => cost(b2) - cost(a))) {
    const moved = chosen.get(code) ?? [];
    const homes = moved.map((i) => [...chosen.keys()].find((other) => other !== code && holds(i, other)));
    if (homes.some((home) => home === void 0)) continue;
    chosen.delete(code);
    moved.forEach((i, k) => chosen.get(homes[k] ?? -1)?.push(i));
  }
  const allCodes = [...new Set(codes.flat())].sort((a, b2) => a - b2);
  for (let improved = true; improved; ) {
    improved = false;
    for (const code of allCodes) {
      if (chosen.has(code)) continue;
      let emptiedCost = 0;
      for (const [other, held] of chosen) if (held.every((i) => holds(i, code))) emptiedCost += cost(other);
      if (cost(code) >= emptiedCost) continue;
      const moved = [];
      for (const [other, held] of [...chosen]) {
        const kept = held.filter((i) => !holds(i, code));
        for (const i of held) if (holds(i, code)) moved.push(i);
        if (kept.length === 0) chosen.delete(other);
        else chosen.set(other, kept);
      }
      chosen.set(code, moved);
      improved = true;
    }
  }
  return new Map([...chosen].map(([code, held]) => [String.fromCharCode(code), held.map((i) => literals[i] ?? "")]));
}
var asciiTable = () => new Array(ASCII).fill(void 0);
function pivotPass(char, literals, targets) {
  const before = asciiTable();
  const after = asciiTable();
  const alone = [];
  const file = (table, near, far, anchor) => {
    const slot = table[near] ??= { decided: [], further: asciiTable() };
    if (Number.isNaN(far)) slot.decided.push(anchor);
    else (slot.further[far] ??= []).push(anchor);
  };
  for (const literal of literals) {
    if (/[^\x20-\x7e]/.test(literal)) throw new Error(`anchor ${JSON.stringify(literal)} is not printable ASCII`);
    const pivot = literal.indexOf(char);
    const anchor = { literal, pivot, targets: targets.get(literal) ?? [] };
    if (literal.length === 1) alone.push(anchor);
    else if (pivot > 0) file(before, literal.charCodeAt(pivot - 1), literal.charCodeAt(pivot - 2), anchor);
    else file(after, literal.charCodeAt(1), literal.charCodeAt(2), anchor);
  }
  return { char, before, after, alone };
}
var ROOT = 0;
var FOUND = 1;
var isKeyChar = (c) => c >= 97 && c <= 122 || c >= 65 && c <= 90 || c >= 48 && c <= 57 || c === 95 || c === 46 || c === 45;
function keyWordAutomaton(words) {
  const unsearchable = words.filter((word) => !/^[a-z0-9_]+$/.test(word));
  if (unsearchable.length > 0) throw new Error(`key keywords must be lowercase letters, digits and _: ${unsearchable.join(", ")}`);
  const searched = words;
  const letters = [...new Set(searched.join(""))].sort();
  const classes = new Uint8Array(65536);
  for (let c = 0; c < ASCII; c += 1) {
    if (!isKeyChar(c)) continue;
    const folded = String.fromCharCode(c >= 65 && c <= 90 ? c | 32 : c);
    const letter = letters.indexOf(folded);
    classes[c] = letter === -1 ? 1 : 2 + letter;
  }
  const width = 2 + letters.length;
  const children = [/* @__PURE__ */ new Map(), /* @__PURE__ */ new Map()];
  const complete2 = [false, true];
  for (const word of searched) {
    let state = ROOT;
    for (const ch of [...word].reverse()) {
      const cls = 2 + letters.indexOf(ch);
      let child = children[state]?.get(cls);
      if (child === void 0) {
        child = children.length;
        children.push(/* @__PURE__ */ new Map());
        complete2.push(false);
        children[state]?.set(cls, child);
      }
      state = child;
    }
    complete2[state] = true;
  }
  const next = new Uint16Array(children.length * width);
  for (let cls = 1; cls < width; cls += 1) next[FOUND * width + cls] = FOUND;
  const failure = new Array(children.length).fill(ROOT);
  const queue = [];
  for (let cls = 1; cls < width; cls += 1) {
    const child = children[ROOT]?.get(cls);
    next[ROOT * width + cls] = child === void 0 ? ROOT : complete2[child] === true ? FOUND : child;
    if (child !== void 0) queue.push(child);
  }
  for (let head = 0; head < queue.length; head += 1) {
    const state = queue[head] ?? ROOT;
    if (complete2[state] === true) continue;
    for (let cls = 1; cls < width; cls += 1) {
      const child = children[state]?.get(cls);
      const fallback = next[(failure[state] ?? ROOT) * width + cls] ?? ROOT;
      if (child === void 0) {
        next[state * width + cls] = fallback;
        continue;
      }
      failure[child] = fallback;
      next[state * width + cls] = complete2[child] === true || fallback === FOUND ? FOUND : child;
      queue.push(child);
    }
  }
  return { classes, width, next };
}
var MAX_KEY = 104;
var built;
function prefilter() {
  if (built !== void 0) return built;
  const targets = /* @__PURE__ */ new Map();
  const addAnchor = (literal, target) => {
    const list = targets.get(literal) ?? [];
    if (!list.includes(target)) list.push(target);
    targets.set(literal, list);
  };
  const unanchored = [];
  DETECTORS.forEach((detector, index) => {
    if (detector.keywords.length === 0 || KEY_ANCHORED.includes(index) || detector.paths !== void 0) return;
    if (detector.anchors === void 0 || detector.anchors.length === 0) unanchored.push(index);
    else for (const literal of detector.anchors) addAnchor(literal, index);
  });
  addAnchor("--", DASHES);
  addAnchor("ENV", ENV_OR_ARG);
  addAnchor("ARG", ENV_OR_ARG);
  const passes = [...planPivots([...targets.keys()])].map(([char, literals]) => pivotPass(char, literals, targets));
  const keywords = [...new Set(unanchored.flatMap((i) => DETECTORS[i]?.keywords ?? []))].sort((a, b2) => b2.length - a.length);
  built = {
    passes,
    keyWords: keyWordAutomaton([...new Set(KEY_ANCHORED.flatMap((i) => DETECTORS[i]?.keywords ?? []))]),
    unanchored,
    unanchoredRe: keywords.length === 0 ? void 0 : new RegExp(keywords.map(escape).join("|"), "gi")
  };
  warmUp(passes);
  return built;
}
function warmUp(passes) {
  const filed = (table) => table.flatMap((slot) => slot === void 0 ? [] : [...slot.decided, ...slot.further.flatMap((list) => list ?? [])]).slice(0, 2);
  const anchors = passes.flatMap((pass) => [...filed(pass.before), ...filed(pass.after), ...pass.alone]).map((anchor) => anchor.literal);
  const long = "x".repeat(MAX_KEY + 1);
  const sample = [
    ...anchors.map((anchor) => `q ${anchor}0 ${anchor}`),
    `a_token: v
"auth" = 'v'
- name: DB_PASSWORD
  value: v
name: 'x'
--api-key v
--x=
ENV	SECRET v
ARG PASS=v
`,
    `${long}_token=v ${long}--token v
name: ${long}
ENV ${long}
----- | --- |
`
  ].join("\n");
  for (let round = 0; round < 4; round += 1) for (const text of [sample, `\xE9${sample}`]) findHits(`:${text}=`);
}
var dashedRunEnd = -1;
function findHits(text) {
  const { passes, keyWords, unanchoredRe } = prefilter();
  const detectors = new Array(DETECTORS.length);
  const spaced = [];
  dashedRunEnd = -1;
  for (const pass of passes) scanPivot(text, pass, detectors, spaced, keyWords);
  if (unanchoredRe !== void 0) scanUnanchored(text, detectors);
  for (const d of KEYWORDLESS_DETECTORS) detectors[d] = [0];
  const colons = [];
  const equals2 = [];
  scanAssignments(text, ":", colons, keyWords);
  scanAssignments(text, "=", equals2, keyWords);
  const found = [];
  for (let d = 0; d < detectors.length; d += 1) {
    const list = detectors[d];
    if (list === void 0) continue;
    found.push(d);
    if (list.length > 1) list.sort((a, b2) => a - b2);
  }
  spaced.sort((a, b2) => a - b2);
  let keys = mergeDistinct(mergeDistinct(colons, equals2), spaced);
  if (!isStrictlyAscending(keys)) keys = mergeDistinct([...new Set(keys)].sort((a, b2) => a - b2), []);
  return { detectors, found, keys };
}
function mergeDistinct(a, b2) {
  if (b2.length === 0 && isStrictlyAscending(a)) return a;
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b2.length) {
    const x = a[i] ?? Infinity;
    const y = b2[j] ?? Infinity;
    const next = x <= y ? x : y;
    if (x <= y) i += 1;
    else j += 1;
    if (out.length === 0 || out[out.length - 1] !== next) out.push(next);
  }
  return out;
}
function isStrictlyAscending(list) {
  for (let i = 1; i < list.length; i += 1) if ((list[i] ?? 0) <= (list[i - 1] ?? 0)) return false;
  return true;
}
function scanPivot(text, pass, detectors, keys, keyWords) {
  const { char, before, after, alone } = pass;
  const last = text.length - 1;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) {
    if (i > 0) {
      const b2 = text.charCodeAt(i - 1);
      const previous = b2 < ASCII ? before[b2] : void 0;
      if (previous !== void 0) confirmNear(text, i, previous, i > 1 ? text.charCodeAt(i - 2) : NONE, detectors, keys, keyWords);
    }
    if (i < last) {
      const a = text.charCodeAt(i + 1);
      const following = a < ASCII ? after[a] : void 0;
      if (following !== void 0) confirmNear(text, i, following, i + 1 < last ? text.charCodeAt(i + 2) : NONE, detectors, keys, keyWords);
    }
    if (alone.length > 0) confirm(text, i, alone, detectors, keys, keyWords);
  }
}
var NONE = ASCII;
function confirmNear(text, at, near, far, detectors, keys, keyWords) {
  if (near.decided.length > 0) confirm(text, at, near.decided, detectors, keys, keyWords);
  const further = far < ASCII ? near.further[far] : void 0;
  if (further !== void 0) confirm(text, at, further, detectors, keys, keyWords);
}
function confirm(text, at, anchors, detectors, keys, keyWords) {
  for (const anchor of anchors) {
    const start = at - anchor.pivot;
    if (start < 0 || !text.startsWith(anchor.literal, start)) continue;
    for (const target of anchor.targets) {
      if (target === DASHES) dashedKey(text, start, keys, keyWords);
      else if (target === ENV_OR_ARG) wordKey(text, start + anchor.literal.length, keys, keyWords);
      else {
        const list = detectors[target];
        if (list === void 0) detectors[target] = [start];
        else list.push(start);
      }
    }
  }
}
function holdsKeyWord(text, start, end, { classes, width, next }) {
  let state = ROOT;
  for (let i = end - 1; i >= start && state !== FOUND; i -= 1) state = next[state * width + (classes[text.charCodeAt(i)] ?? 0)] ?? ROOT;
  return state === FOUND;
}
var isBlank = (c) => c === 32 || c === 9;
function dashedKey(text, at, keys, keyWords) {
  if (at < dashedRunEnd) return;
  let start = at;
  const limit = Math.max(0, at - MAX_KEY - 1);
  while (start > limit && isKeyChar(text.charCodeAt(start - 1))) start -= 1;
  let end = at + 2;
  const endLimit = Math.min(text.length, start + MAX_KEY + 1);
  while (end < endLimit && isKeyChar(text.charCodeAt(end))) end += 1;
  dashedRunEnd = end;
  if (end - start > MAX_KEY || start > 0 && isKeyChar(text.charCodeAt(start - 1))) return;
  if (end < text.length && isBlank(text.charCodeAt(end)) && holdsKeyWord(text, start, end, keyWords)) keys.push(start);
}
function wordKey(text, at, keys, keyWords) {
  const { length } = text;
  let start = at;
  while (start < length && isSpace(text.charCodeAt(start))) start += 1;
  if (start === at) return;
  const end = keyEnd(text, start);
  if (end > start && end < length && isBlank(text.charCodeAt(end)) && holdsKeyWord(text, start, end, keyWords)) keys.push(start);
}
var isSpace = (c) => c === 32 || c >= 9 && c <= 13;
function keyEnd(text, start) {
  let end = start;
  const endLimit = Math.min(text.length, start + MAX_KEY + 1);
  while (end < endLimit && isKeyChar(text.charCodeAt(end))) end += 1;
  return end - start > MAX_KEY ? -1 : end;
}
function scanAssignments(text, op, keys, keyWords) {
  const { classes, width, next } = keyWords;
  const colon = op === ":";
  for (let i = text.indexOf(op); i !== -1; i = text.indexOf(op, i + 1)) {
    let j = i - 1;
    while (j >= 0 && isBlank(text.charCodeAt(j))) j -= 1;
    if (j >= 0 && isQuote(text.charCodeAt(j))) j -= 1;
    const end = j + 1;
    const limit = end - MAX_KEY - 1 > -1 ? end - MAX_KEY - 1 : -1;
    let state = ROOT;
    for (let cls = 0; j > limit && (cls = classes[text.charCodeAt(j)] ?? 0) !== 0; j -= 1) state = next[state * width + cls] ?? ROOT;
    if (j === limit && j >= 0 && classes[text.charCodeAt(j)] !== 0) continue;
    const start = j + 1;
    if (state === FOUND) keys.push(start);
    if (colon && end - start >= 4 && text.charCodeAt(end - 1) === 101 && text.startsWith("name", end - 4)) nameValueKey(text, i + 1, keys, keyWords);
  }
}
var isQuote = (c) => c === 34 || c === 39;
function nameValueKey(text, at, keys, keyWords) {
  const { length } = text;
  let start = at;
  while (start < length && isBlank(text.charCodeAt(start))) start += 1;
  if (start < length && isQuote(text.charCodeAt(start))) start += 1;
  const end = keyEnd(text, start);
  if (end > start && holdsKeyWord(text, start, end, keyWords)) keys.push(start);
}
function scanUnanchored(text, detectors) {
  const { unanchored, unanchoredRe: re } = prefilter();
  if (re === void 0) return;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = m.index;
    re.lastIndex = at + 1;
    const found = m[0].toLowerCase();
    for (const d of unanchored) {
      if (!(DETECTORS[d]?.keywords ?? []).some((k) => found.startsWith(k))) continue;
      const list = detectors[d];
      if (list === void 0) detectors[d] = [at];
      else if (list[list.length - 1] !== at) list.push(at);
    }
  }
}

// src/core/detect/scan.ts
var COMPILED = DETECTORS.map((detector) => {
  const anchored = detector.anchor === "key" && detector.keywords.length > 0;
  const flags = detector.flags ?? "";
  return {
    detector,
    // Key-anchored patterns run sticky on the whole text (`m` so `^` still means a line start).
    re: new RegExp(detector.pattern, `${anchored ? "ym" : "g"}${flags}`),
    indexed: new RegExp(detector.pattern, `yd${anchored ? "m" : ""}${flags}`),
    keyPattern: detector.keyPattern === void 0 ? void 0 : new RegExp(detector.keyPattern),
    requires: detector.requires === void 0 ? void 0 : new RegExp(detector.requires, "i"),
    allowlist: compileAllowlist(detector.allowlist),
    windowLines: Math.max(1, detector.windowLines ?? 1),
    wholeFile: detector.scope === "file" || detector.keywords.length === 0,
    anchored,
    keyBit: KEY_ANCHORED.includes(DETECTORS.indexOf(detector)) ? 1 << KEY_ANCHORED.indexOf(DETECTORS.indexOf(detector)) : 0,
    paths: detector.paths?.map((source) => new RegExp(source)),
    quotedIn: detector.quotedIn === void 0 ? void 0 : { paths: detector.quotedIn.paths.map((source) => new RegExp(source)), quoteGroup: detector.quotedIn.quoteGroup }
  };
});
var IDENTITY_KEY_RE = new RegExp(IDENTITY_KEY_PATTERN);
var STRUCTURAL = new Map(STRUCTURAL_DETECTORS.map((detector) => [detector.id, { detector, allowlist: compileAllowlist(detector.allowlist) }]));
var FILE_NAMES = FILE_NAME_DETECTORS.map((detector) => ({ detector, paths: detector.paths.map((source) => new RegExp(source)) }));
function fileNameCredentials(path, detection) {
  if (isAllowedPath(COMPILED_GLOBAL_ALLOWLIST, path) || isAllowedByManifest(detection, path)) return [];
  return FILE_NAMES.filter(({ paths }) => paths.some((re) => re.test(path))).map(({ detector }) => ({
    detector: detector.id,
    description: detector.description,
    location: { file: path, line: 1, column: 1 },
    preview: `(${path.slice(path.lastIndexOf(".") + 1).toLowerCase()} file)`,
    valueHash: hashValue(`file:${path}`),
    length: 0,
    identity: detector.identity
  }));
}
var GENERATED_MIN_LENGTH = 20;
function vetLiterals(path, literals, detection) {
  if (literals.length === 0 || isAllowedPath(COMPILED_GLOBAL_ALLOWLIST, path) || isAllowedByManifest(detection, path)) return [];
  const out = [];
  for (const literal of literals) {
    const entry = STRUCTURAL.get(literal.detector);
    if (entry === void 0) continue;
    const { detector, allowlist } = entry;
    const { value, key } = literal;
    if (literal.raw?.includes("-----BEGIN") === true) continue;
    if (isAllowedPath(allowlist, path)) continue;
    const normalized = normalizeKey(key);
    if (value.trim() === "" || isAllowedValue(COMPILED_GLOBAL_ALLOWLIST, value.trim(), value, void 0)) continue;
    if (isAllowedValue(allowlist, value, value, normalized)) continue;
    const generated = value.length >= GENERATED_MIN_LENGTH && !/\s/.test(value) && shannonEntropy(value) >= (detector.entropy ?? 0);
    if (detector.entropy !== void 0 && !isCredentialName(key) && !generated) continue;
    if (isAllowedByManifest(detection, path, value)) continue;
    out.push({
      detector: detector.id,
      description: literal.description ?? detector.description,
      location: literal.location,
      preview: redact(value, detector.id),
      valueHash: hashValue(value),
      length: [...value].length,
      identity: literal.identity ?? (detector.identity || IDENTITY_KEY_RE.test(normalized)),
      key
    });
  }
  return out;
}
function isIdentityKey(key) {
  return IDENTITY_KEY_RE.test(normalizeKey(key));
}
var MAX_WINDOW2 = 16384;
var HALF_WINDOW = 4096;
var BINARY_PROBE = 8e3;
var ASSIGNED_KEY_RE = /(?:^|[^\w.$@-])(?:--)?(["']?)([A-Za-z_][\w.-]{0,100})\1(?:[ \t]*(?::=|=>|[:=])[ \t]*|(?<=(?:^\s*(?:ENV|ARG)\s+|--)[\w.-]{1,101})[ \t]+)(?:(?:Bearer|Basic|Token|SSWS)[ \t]+)?["'`]?$/;
function inferKey(text, lineStart, valueStart) {
  const from = Math.max(lineStart, valueStart - 300);
  const m = ASSIGNED_KEY_RE.exec(text.slice(from, valueStart));
  return m?.[2];
}
var BASE64_RE = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
function decodedText(value) {
  if (value.length < 8 || value.length > 8192 || !BASE64_RE.test(value)) return void 0;
  const text = Buffer.from(value, "base64").toString("latin1");
  return /^[\x20-\x7E\t\r\n]+$/.test(text) ? text : void 0;
}
function detectCredentials(file, detection) {
  const { path, text } = file;
  if (text.length === 0 || isAllowedPath(COMPILED_GLOBAL_ALLOWLIST, path) || isAllowedByManifest(detection, path)) return [];
  if (text.slice(0, BINARY_PROBE).includes("\0")) return [];
  const hits = findHits(text);
  const spans = hits.keys.length === 0 ? NO_SPANS : keySpans(text, hits.keys);
  let keyMask2 = 0;
  for (const span of spans) keyMask2 |= span.mask;
  const accepted = [];
  for (const order of runOrder(hits.found, keyMask2)) {
    const compiled2 = COMPILED[order];
    if (compiled2 === void 0) continue;
    const positions = compiled2.anchored ? void 0 : hits.detectors[order];
    requirement = compiled2.requires === void 0 ? true : void 0;
    if (isAllowedPath(compiled2.allowlist, path)) continue;
    quoteGroup = compiled2.quotedIn?.paths.some((re) => re.test(path)) ? compiled2.quotedIn.quoteGroup : void 0;
    if (compiled2.paths !== void 0) {
      if (compiled2.paths.some((re) => re.test(path))) collect(compiled2, order, text, 0, text.length, accepted);
      continue;
    }
    if (positions === void 0) {
      collectAnchored(compiled2, order, text, spans, accepted);
      continue;
    }
    if (compiled2.wholeFile) {
      collect(compiled2, order, text, 0, text.length, accepted);
      continue;
    }
    let covered = -1;
    let lineStart = 0;
    let lineEnd = -1;
    for (const at of positions) {
      if (at < covered) continue;
      if (at > lineEnd) {
        lineStart = text.lastIndexOf("\n", at - 1) + 1;
        lineEnd = text.indexOf("\n", at);
        if (lineEnd === -1) lineEnd = text.length;
      }
      let to = lineEnd;
      for (let extra = 1; extra < compiled2.windowLines && to < text.length; extra += 1) {
        to = text.indexOf("\n", to + 1);
        if (to === -1) to = text.length;
      }
      let from = lineStart;
      let ownLineEnd = lineEnd;
      if (to - from > MAX_WINDOW2) {
        from = Math.max(from, covered, at - HALF_WINDOW);
        to = Math.min(to, at + HALF_WINDOW);
        ownLineEnd = Math.min(ownLineEnd, to);
      }
      collect(compiled2, order, text, from, to, accepted);
      covered = ownLineEnd;
    }
  }
  const kept = detection === void 0 ? accepted : accepted.filter((c) => !isAllowedByManifest(detection, path, c.secret));
  const own = detectWithManifest(file, detection);
  if (kept.length === 0) return inEmbeddedDocs(path, text, own, void 0);
  kept.sort((a, b2) => a.start - b2.start || a.order - b2.order);
  const starts = lineStarts(text);
  return inEmbeddedDocs(path, text, [...kept.map((c) => toCredential(c, path, starts)), ...own], starts);
}
var KEYED = COMPILED.flatMap((c, order) => c.keyBit === 0 ? [] : [order]);
var NAMED_FILES = COMPILED.flatMap((c, order) => c.paths === void 0 ? [] : [order]);
function runOrder(found, keyMask2) {
  const orders = [...found, ...NAMED_FILES];
  if (keyMask2 !== 0) {
    for (const order of KEYED) if ((keyMask2 & (COMPILED[order]?.keyBit ?? 0)) !== 0) orders.push(order);
  }
  orders.sort((a, b2) => a - b2);
  return orders.filter((order, i) => order !== orders[i - 1]);
}
function inEmbeddedDocs(path, text, credentials, knownStarts) {
  if (credentials.length === 0) return credentials;
  const blocks = embeddedDocs(path, text);
  const markers = configCommentMarkers(path);
  if (blocks.length === 0 && markers === void 0) return credentials;
  let starts = knownStarts;
  return credentials.map((credential) => {
    const { line } = credential.location;
    const block = blocks.find((b2) => b2.startLine <= line && line <= b2.endLine);
    if (block !== void 0) return { ...credential, context: block.context };
    if (markers === void 0) return credential;
    starts ??= lineStarts(text);
    const start = starts[line - 1];
    return start !== void 0 && isCommentLine(text, start, markers) ? { ...credential, context: "docs" } : credential;
  });
}
var requirement;
var quoteGroup;
function collect(compiled2, order, text, from, to, accepted) {
  const { re } = compiled2;
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  re.lastIndex = 0;
  for (let m = re.exec(window); m !== null; m = re.exec(window)) {
    if (re.lastIndex === m.index) re.lastIndex += 1;
    consider(compiled2, order, text, m, window, from, accepted);
  }
}
function isKeyChar2(c) {
  return c >= 97 && c <= 122 || c >= 65 && c <= 90 || c >= 48 && c <= 57 || c === 95 || c === 46 || c === 45;
}
var NO_SPANS = [];
var KEY_MASKS = /* @__PURE__ */ new Map();
function keyMask(identifier) {
  return KEY_MASKS.get(identifier) ?? newKeyMask(identifier);
}
function newKeyMask(identifier) {
  const lower = identifier.toLowerCase();
  let mask = 0;
  for (const order of KEYED) {
    const compiled2 = COMPILED[order];
    if (compiled2 === void 0 || !compiled2.detector.keywords.some((k) => lower.includes(k))) continue;
    if (keyAccepted(compiled2, identifier)) mask |= compiled2.keyBit;
  }
  if (KEY_MASKS.size >= 16384) KEY_MASKS.clear();
  KEY_MASKS.set(identifier, mask);
  return mask;
}
function keyAccepted(compiled2, identifier) {
  if (compiled2.keyPattern === void 0 && compiled2.allowlist.keys.length === 0) return true;
  const normalized = normalizeKeyCached(identifier);
  return (compiled2.keyPattern === void 0 || compiled2.keyPattern.test(normalized)) && !compiled2.allowlist.keys.some((re) => re.test(normalized));
}
function keySpans(text, starts) {
  const spans = [];
  for (const start of starts) {
    let end = start;
    const endLimit = Math.min(text.length, start + MAX_KEY + 1);
    while (end < endLimit && isKeyChar2(text.charCodeAt(end))) end += 1;
    const mask = keyMask(text.slice(start, end));
    if (mask !== 0) spans.push({ start, mask });
  }
  return spans;
}
function collectAnchored(compiled2, order, text, spans, accepted) {
  const { re } = compiled2;
  for (const { start, mask } of spans) {
    if ((mask & compiled2.keyBit) === 0) continue;
    re.lastIndex = start;
    let m = re.exec(text);
    const before = start > 0 ? text.charCodeAt(start - 1) : 0;
    if (m === null && (before === 34 || before === 39)) {
      re.lastIndex = start - 1;
      m = re.exec(text);
    }
    if (m !== null) consider(compiled2, order, text, m, text, 0, accepted);
  }
}
var KEY_CACHE = /* @__PURE__ */ new Map();
function normalizeKeyCached(key) {
  let normalized = KEY_CACHE.get(key);
  if (normalized === void 0) {
    normalized = normalizeKey(key);
    if (KEY_CACHE.size >= 4096) KEY_CACHE.clear();
    KEY_CACHE.set(key, normalized);
  }
  return normalized;
}
function consider(compiled2, order, text, m, haystack, offset, accepted) {
  const { detector } = compiled2;
  const group = detector.secretGroup ?? 0;
  const secret = m[group];
  if (secret === void 0 || secret.length === 0) return;
  if (detector.minLength !== void 0 && secret.length < detector.minLength) return;
  if (quoteGroup !== void 0 && !m[quoteGroup]) return;
  let key = detector.keyGroup === void 0 ? void 0 : m[detector.keyGroup];
  let normalizedKey = key === void 0 ? void 0 : normalizeKeyCached(key);
  if (compiled2.keyPattern !== void 0 && detector.keyGroup !== void 0) {
    if (normalizedKey === void 0 || !compiled2.keyPattern.test(normalizedKey)) return;
  }
  const verified = detector.checksum !== void 0 && validChecksum(detector.checksum, secret);
  if (!verified) {
    if (detector.entropy !== void 0 && shannonEntropy(secret) < detector.entropy) return;
    if (isAllowedValue(COMPILED_GLOBAL_ALLOWLIST, secret, m[0], void 0)) return;
    const decoded = decodedText(secret);
    if (decoded !== void 0 && isAllowedValue(COMPILED_GLOBAL_ALLOWLIST, decoded, decoded, void 0)) return;
  }
  compiled2.indexed.lastIndex = m.index;
  const span = compiled2.indexed.exec(haystack)?.indices?.[group];
  if (span === void 0) return;
  const start = offset + span[0];
  const end = offset + span[1];
  if (overlaps(accepted, start, end)) return;
  if (detector.keyGroup === void 0) {
    key = inferKey(text, text.lastIndexOf("\n", start - 1) + 1, start);
    normalizedKey = key === void 0 ? void 0 : normalizeKeyCached(key);
    if (compiled2.keyPattern !== void 0 && (normalizedKey === void 0 || !compiled2.keyPattern.test(normalizedKey))) return;
  }
  if (!verified && isAllowedValue(compiled2.allowlist, secret, m[0], normalizedKey)) return;
  requirement ??= compiled2.requires?.test(text) ?? true;
  if (!requirement) return;
  const identity = detector.identity || normalizedKey !== void 0 && IDENTITY_KEY_RE.test(normalizedKey);
  insertSorted(accepted, { order, start, end, secret, key, identity });
}
function overlaps(accepted, start, end) {
  let lo = 0;
  let hi = accepted.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if ((accepted[mid]?.start ?? 0) < end) lo = mid + 1;
    else hi = mid;
  }
  const previous = accepted[lo - 1];
  return previous !== void 0 && previous.end > start;
}
function insertSorted(accepted, candidate) {
  let lo = 0;
  let hi = accepted.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if ((accepted[mid]?.start ?? 0) < candidate.start) lo = mid + 1;
    else hi = mid;
  }
  accepted.splice(lo, 0, candidate);
}
function toCredential(c, path, lineStarts2) {
  const detector = DETECTORS[c.order];
  const start = positionAt(lineStarts2, c.start);
  const end = positionAt(lineStarts2, c.end);
  return {
    detector: detector?.id ?? "unknown",
    description: detector?.description ?? "",
    location: { file: path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column },
    preview: redact(c.secret, detector?.id),
    valueHash: hashValue(c.secret),
    length: [...c.secret].length,
    identity: c.identity,
    ...c.key === void 0 ? {} : { key: c.key },
    ...detector?.severity === void 0 ? {} : { severity: detector.severity }
  };
}

// src/core/extract/ansible.ts
var import_yaml3 = __toESM(require_dist(), 1);

// src/core/extract/pyyaml-compat.ts
function indentQuotedContinuations(text) {
  if (!text.includes('"') && !text.includes("'")) return null;
  const lines = text.split("\n");
  const padding = /* @__PURE__ */ new Map();
  let quote = null;
  let required = 0;
  let blockIndent = -1;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const indent = line.length - line.trimStart().length;
    let from = 0;
    if (quote !== null) {
      if (indent < required && line.trim() !== "") {
        lines[n] = " ".repeat(required - indent) + line;
        padding.set(n + 1, required - indent);
      }
      const close = closingQuote(line, 0, quote);
      if (close < 0) continue;
      quote = null;
      from = close + 1;
    } else if (blockIndent >= 0) {
      if (line.trim() === "" || indent > blockIndent) continue;
      blockIndent = -1;
    }
    const scan = scanLine(line, from);
    if (scan.open !== null) {
      quote = scan.open;
      required = contentColumn(line) + 1;
    } else if (scan.blockScalar) {
      blockIndent = indent;
    }
  }
  if (padding.size === 0) return null;
  return { text: lines.join("\n"), padding };
}
function contentColumn(line) {
  const m = /^[ ]*(?:-[ ]+)*/.exec(line);
  return m === null ? 0 : m[0].length;
}
function closingQuote(line, from, quote) {
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    if (quote === '"' && ch === "\\") i++;
    else if (ch === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}
function scanLine(line, from) {
  let previous = from === 0 ? "" : "x";
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    if (ch === " " || ch === "	") continue;
    if (ch === "#" && (i === 0 || line[i - 1] === " " || line[i - 1] === "	")) break;
    const nodeStart = previous === "" || previous === "[" || previous === "{" || previous === "," || (previous === ":" || previous === "-" || previous === "?") && (line[i - 1] === " " || line[i - 1] === "	");
    if ((ch === '"' || ch === "'") && nodeStart) {
      const close = closingQuote(line, i + 1, ch);
      if (close < 0) return { open: ch, blockScalar: false };
      i = close;
      previous = "x";
      continue;
    }
    if ((ch === "|" || ch === ">") && nodeStart && /^[|>][-+0-9]*[ \t]*(?:#.*)?$/.test(line.slice(i))) return { open: null, blockScalar: true };
    if (!nodeStart || /[:\-?[\]{},]/.test(ch)) {
      previous = ch;
      continue;
    }
    previous = "x";
  }
  return { open: null, blockScalar: false };
}

// src/core/extract/shared.ts
var import_yaml2 = __toESM(require_dist(), 1);

// src/core/extract/fast-yaml.ts
var import_yaml = __toESM(require_dist(), 1);
var BAIL = { bail: true };
var OUTSIDE_SUBSET = /[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]/;
var SP = 32;
var LF = 10;
var HASH = 35;
var COLON = 58;
var DASH = 45;
var enabled = true;
var template = new import_yaml.Document();
var schema = template.schema;
var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
function tagged(base, tag, fields = {}) {
  return Object.create(base.prototype, { [NODE_TYPE]: { value: Symbol.for(tag) }, ...fields });
}
var SCALAR_PROTO = tagged(import_yaml.Scalar, "yaml.scalar");
var PAIR_PROTO = tagged(import_yaml.Pair, "yaml.pair");
var collectionSchema = { schema: { value: schema, configurable: true, writable: true } };
var MAP_PROTO = tagged(import_yaml.YAMLMap, "yaml.map", collectionSchema);
var SEQ_PROTO = tagged(import_yaml.YAMLSeq, "yaml.seq", collectionSchema);
function newScalar(value) {
  const node = Object.create(SCALAR_PROTO);
  node.value = value;
  return node;
}
function newPair(key, value) {
  const pair = Object.create(PAIR_PROTO);
  pair.key = key;
  pair.value = value;
  return pair;
}
function newMap() {
  const map = Object.create(MAP_PROTO);
  map.items = [];
  return map;
}
function newSeq() {
  const seq = Object.create(SEQ_PROTO);
  seq.items = [];
  return seq;
}
var plainTags = schema.tags.filter((t) => t.default === true && t.test !== void 0 && !("collection" in t && t.collection !== void 0));
function fastParseAll(text) {
  if (!enabled || OUTSIDE_SUBSET.test(text)) return null;
  try {
    return new Reader(text).documents();
  } catch (error) {
    if (error === BAIL) return null;
    throw error;
  }
}
function isBreak(c) {
  return c === LF || Number.isNaN(c);
}
var Reader = class {
  constructor(text) {
    this.text = text;
    this.len = text.length;
  }
  text;
  len;
  /** Start of the current content line, its indentation (-1 at the end, -2 on `---`). */
  p = 0;
  ind = -1;
  /** Where the line after a `---` marker starts. */
  afterMarker = 0;
  documents() {
    const docs = [];
    this.nextContent(0);
    if (this.ind === -2) {
      this.nextContent(this.afterMarker);
      if (this.ind === -1) throw BAIL;
    }
    while (this.ind !== -1) {
      if (this.ind < 0) throw BAIL;
      const root = this.blockNode(this.ind);
      if (this.ind >= 0) throw BAIL;
      const doc = new import_yaml.Document();
      doc.contents = root;
      const range = root.range;
      doc.range = [range[0], range[2], range[2]];
      docs.push(doc);
      if (this.ind === -2) {
        this.nextContent(this.afterMarker);
        if (this.ind === -1) throw BAIL;
      }
    }
    return docs;
  }
  /** Moves to the next line that is neither blank nor a comment, from the line starting at `q`. */
  nextContent(q) {
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
        if (c === 46 && t.startsWith("...", q)) throw BAIL;
        if (c === 37) throw BAIL;
      }
      this.p = q;
      this.ind = k;
      return;
    }
    this.p = len;
    this.ind = -1;
  }
  isDashAt(o) {
    return this.text.charCodeAt(o) === DASH && (this.text.charCodeAt(o + 1) === SP || isBreak(this.text.charCodeAt(o + 1)));
  }
  /** A block collection whose first line is the current one, at indentation `n`. */
  blockNode(n) {
    return this.isDashAt(this.p + n) ? this.seq(n) : this.map(n, this.p + n);
  }
  /**
   * The node that starts on the current line, below a key or `-` of a collection at indentation
   * `parent` and indented deeper: a block collection, or a scalar or flow collection on a line of
   * its own (`resources:` then `  {}`).
   */
  nodeBelow(parent) {
    const n = this.ind;
    const o = this.p + n;
    if (this.isDashAt(o)) return this.seq(n);
    const c = this.text.charCodeAt(o);
    if (c === 91 || c === 123) return this.inlineValue(o, parent);
    const key = this.keyAt(o);
    return key === null ? this.inlineValue(o, parent) : this.map(n, o, key);
  }
  seq(n) {
    const t = this.text;
    const seq = newSeq();
    const start = this.p + n;
    let end = start;
    for (; ; ) {
      const dash = this.p + n;
      let item;
      if (isBreak(t.charCodeAt(dash + 1))) {
        this.nextContent(dash + 2);
        if (this.ind > n) item = this.nodeBelow(n);
        else item = nullScalar(dash + 1);
      } else {
        let c = dash + 1;
        while (t.charCodeAt(c) === SP) c++;
        const ch = t.charCodeAt(c);
        if (isBreak(ch) || ch === HASH || this.isDashAt(c)) throw BAIL;
        const key = ch !== 91 && ch !== 123 && ch !== 124 && ch !== 62 ? this.keyAt(c) : null;
        item = key !== null ? this.map(c - this.p, c, key) : this.inlineValue(c, n);
      }
      seq.items.push(item);
      end = item.range[2];
      if (this.ind === n && this.isDashAt(this.p + n)) continue;
      if (this.ind > n) throw BAIL;
      break;
    }
    seq.range = [start, end, end];
    return seq;
  }
  /** A block mapping at indentation `n` whose first key starts at `first` (already read, or not). */
  map(n, first, firstKey = null) {
    const t = this.text;
    const map = newMap();
    let end = first;
    let at = first;
    for (; ; ) {
      const found = at === first && firstKey !== null ? firstKey : this.keyAt(at);
      if (found === null) throw BAIL;
      const { key, after } = found;
      let j = after;
      while (t.charCodeAt(j) === SP) j++;
      const ch = t.charCodeAt(j);
      let value;
      if (isBreak(ch) || ch === HASH && j > after) {
        const nl = t.indexOf("\n", j);
        this.nextContent(nl < 0 ? this.len : nl + 1);
        if (this.ind > n) value = this.nodeBelow(n);
        else if (this.ind === n && this.isDashAt(this.p + n)) value = this.seq(n);
        else if (j === after && isBreak(ch)) value = nullScalar(after);
        else throw BAIL;
      } else {
        value = this.inlineValue(j, n);
      }
      map.items.push(newPair(key, value));
      end = value.range[2];
      if (this.ind === n && !this.isDashAt(this.p + n)) {
        at = this.p + n;
        continue;
      }
      if (this.ind > n) throw BAIL;
      if (this.ind === n) throw BAIL;
      break;
    }
    map.range = [first, end, end];
    return map;
  }
  /** An implicit key at `o` (`key:`, `"key" :`), or null when the line is not `key: …`. */
  keyAt(o) {
    const t = this.text;
    const c = t.charCodeAt(o);
    let key;
    let keyEnd2;
    let colon;
    if (c === 34 || c === 39) {
      const q = c === 34 ? this.doubleQuoted(o) : this.singleQuoted(o);
      if (q === null) throw BAIL;
      keyEnd2 = q.end;
      colon = keyEnd2;
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
      for (; ; ) {
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
      keyEnd2 = colon;
      while (t.charCodeAt(keyEnd2 - 1) === SP) keyEnd2--;
      const source = t.slice(o, keyEnd2);
      if (source === "<<") throw BAIL;
      key = plainScalar(source);
    }
    if (keyEnd2 - o > 1e3) throw BAIL;
    key.range = [o, keyEnd2, keyEnd2];
    return { key, after: colon + 1 };
  }
  /** A value that starts on a line at `o`, inside a collection at indentation `n`. */
  inlineValue(o, n) {
    const t = this.text;
    const c = t.charCodeAt(o);
    let scalar;
    let valueEnd;
    if (c === 91 || c === 123) {
      const flow = this.flow(o);
      scalar = flow.node;
      valueEnd = flow.end;
      let j = valueEnd;
      while (t.charCodeAt(j) === SP) j++;
      const ch = t.charCodeAt(j);
      if (!(isBreak(ch) || ch === HASH && j > valueEnd)) throw BAIL;
    } else if (c === 34 || c === 39) {
      const q = c === 34 ? this.doubleQuoted(o) : this.singleQuoted(o);
      if (q === null) throw BAIL;
      valueEnd = q.end;
      let j = valueEnd;
      while (t.charCodeAt(j) === SP) j++;
      const ch = t.charCodeAt(j);
      if (!(isBreak(ch) || ch === HASH && j > valueEnd)) throw BAIL;
      scalar = newScalar(q.value);
      scalar.type = c === 34 ? "QUOTE_DOUBLE" : "QUOTE_SINGLE";
      scalar.source = q.value;
    } else if (c === 124 || c === 62) {
      return this.blockScalar(o, n);
    } else {
      if (!plainStart(t, o)) throw BAIL;
      let i = o;
      let stop = -1;
      for (; ; ) {
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
  plainContinuation(lineEnd, n) {
    const t = this.text;
    const len = this.len;
    let folded = "";
    let end = -1;
    let q = lineEnd + 1;
    while (lineEnd < len) {
      let blanks = 0;
      let k = 0;
      for (; ; ) {
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
  flow(o) {
    const t = this.text;
    const isMap12 = t.charCodeAt(o) === 123;
    const close = isMap12 ? 125 : 93;
    const node = isMap12 ? newMap() : newSeq();
    node.flow = true;
    let i = o + 1;
    const skip = () => {
      while (t.charCodeAt(i) === SP) i++;
    };
    skip();
    for (; ; ) {
      const c = t.charCodeAt(i);
      if (c === close) break;
      const item = this.flowScalarOrCollection(i);
      i = item.end;
      skip();
      if (isMap12) {
        if (!isScalarNode(item.node) || t.charCodeAt(i) !== COLON) throw BAIL;
        const next = t.charCodeAt(i + 1);
        const quotedKey = item.node.type !== "PLAIN";
        if (!(next === SP || quotedKey && next !== 44 && next !== 125 && !isBreak(next))) throw BAIL;
        i++;
        skip();
        const cv = t.charCodeAt(i);
        if (cv === 44 || cv === 125 || isBreak(cv)) throw BAIL;
        const value = this.flowScalarOrCollection(i);
        i = value.end;
        node.items.push(newPair(item.node, value.node));
        skip();
      } else {
        if (t.charCodeAt(i) === COLON) throw BAIL;
        node.items.push(item.node);
      }
      const sep2 = t.charCodeAt(i);
      if (sep2 === 44) {
        i++;
        skip();
        continue;
      }
      if (sep2 !== close) throw BAIL;
    }
    const end = i + 1;
    node.range = [o, end, end];
    return { node, end };
  }
  flowScalarOrCollection(o) {
    const t = this.text;
    const c = t.charCodeAt(o);
    if (c === 91 || c === 123) return this.flow(o);
    if (c === 34 || c === 39) {
      const q = c === 34 ? this.doubleQuoted(o) : this.singleQuoted(o);
      if (q === null) throw BAIL;
      const s2 = newScalar(q.value);
      s2.type = c === 34 ? "QUOTE_DOUBLE" : "QUOTE_SINGLE";
      s2.source = q.value;
      s2.range = [o, q.end, q.end];
      return { node: s2, end: q.end };
    }
    if (!plainStart(t, o)) throw BAIL;
    let i = o;
    for (; ; ) {
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
  doubleQuoted(o) {
    const t = this.text;
    let value = "";
    let from = o + 1;
    let i = from;
    for (; ; ) {
      const ch = t.charCodeAt(i);
      if (isBreak(ch)) return null;
      if (ch === 34) break;
      if (ch === 92) {
        value += t.slice(from, i);
        const e = t[i + 1];
        const simple = e === void 0 ? void 0 : ESCAPES[e];
        if (simple !== void 0) {
          value += simple;
          i += 2;
        } else {
          const width = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
          const hex = t.slice(i + 2, i + 2 + width);
          if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) return null;
          const code = parseInt(hex, 16);
          if (code > 1114111 || code >= 55296 && code <= 57343) return null;
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
  singleQuoted(o) {
    const t = this.text;
    let value = "";
    let from = o + 1;
    let i = from;
    for (; ; ) {
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
  blockScalar(o, n) {
    const t = this.text;
    const len = this.len;
    const mode = t[o];
    let h = o + 1;
    let chomp = "";
    const hc = t[h];
    if (hc === "+") throw BAIL;
    if (hc === "-") {
      chomp = hc;
      h++;
    }
    let j = h;
    while (t.charCodeAt(j) === SP) j++;
    const ch = t.charCodeAt(j);
    if (!(isBreak(ch) || ch === HASH && j > h)) throw BAIL;
    const headerEnd = t.indexOf("\n", j);
    if (headerEnd < 0) throw BAIL;
    const bodyStart = headerEnd + 1;
    let q = bodyStart;
    let indent = 0;
    for (; ; ) {
      let k = 0;
      while (t.charCodeAt(q + k) === SP) k++;
      if (q + k >= len) throw BAIL;
      if (t.charCodeAt(q + k) === LF) {
        q += k + 1;
        continue;
      }
      indent = k;
      break;
    }
    if (indent <= n) throw BAIL;
    for (let b2 = bodyStart; b2 < q; ) {
      const nl = t.indexOf("\n", b2);
      if (nl - b2 > indent) throw BAIL;
      b2 = nl + 1;
    }
    let lastContentEnd = -1;
    let line = q;
    let stop = len;
    while (line < len) {
      let k = 0;
      while (t.charCodeAt(line + k) === SP) k++;
      const c = t.charCodeAt(line + k);
      const nl = t.indexOf("\n", line);
      const eol = nl < 0 ? len : nl;
      if (c === LF || line + k >= len) {
        if (k > indent) throw BAIL;
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
    let contentEndIdx = lines.length;
    while (contentEndIdx > 0 && lines[contentEndIdx - 1].trim() === "") contentEndIdx--;
    let value = "";
    let sep2 = "";
    let prevMoreIndented = false;
    let i = 0;
    for (; i < contentEndIdx; i++) {
      const l = lines[i];
      if (l.trim() !== "") break;
      value += l.slice(indent) + "\n";
    }
    for (; i < contentEndIdx; i++) {
      const l = lines[i];
      let k = 0;
      while (l.charCodeAt(k) === SP) k++;
      const content = l.slice(k);
      if (mode === "|") {
        value += sep2 + l.slice(indent);
        sep2 = "\n";
      } else if (k > indent) {
        if (sep2 === " ") sep2 = "\n";
        else if (!prevMoreIndented && sep2 === "\n") sep2 = "\n\n";
        value += sep2 + l.slice(indent);
        sep2 = "\n";
        prevMoreIndented = true;
      } else if (content === "") {
        if (sep2 === "\n") value += "\n";
        else sep2 = "\n";
      } else {
        value += sep2 + content;
        sep2 = " ";
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
};
var ESCAPES = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  e: "\x1B",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "	",
  v: "\v",
  N: "\x85",
  _: "\xA0",
  L: "\u2028",
  P: "\u2029",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  "	": "	"
};
function plainStart(t, o) {
  const c = t[o];
  if (c === void 0) return false;
  if ("[]{},#&*!|>'\"%@`".includes(c)) return false;
  if (c === "-" || c === "?" || c === ":") {
    const next = t.charCodeAt(o + 1);
    return !(next === SP || isBreak(next));
  }
  return !(c === " " || c === "\n");
}
function isScalarNode(node) {
  return node instanceof import_yaml.Scalar;
}
function nullScalar(at) {
  const s = newScalar(null);
  s.type = "PLAIN";
  s.source = "";
  s.range = [at, at, at];
  return s;
}
function plainScalar(source) {
  const c = source.charCodeAt(0);
  const maybeTyped = c === 126 || c >= 48 && c <= 57 || c === 43 || c === 45 || c === 46 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70;
  let scalar = null;
  if (maybeTyped) {
    for (const tag of plainTags) {
      if (tag.test?.test(source) !== true) continue;
      const res = tag.resolve(source, () => {
        throw BAIL;
      }, template.options);
      scalar = res instanceof import_yaml.Scalar ? res : newScalar(res);
      if (tag.format !== void 0) scalar.format = tag.format;
      break;
    }
  }
  scalar ??= newScalar(source);
  scalar.type = "PLAIN";
  scalar.source = source;
  return scalar;
}

// src/core/extract/shared.ts
function nameWords(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0).map((w) => w.toUpperCase());
}
function positioner(text) {
  let starts;
  let line = 1;
  let lineStart = 0;
  return (offset) => {
    if (starts === void 0 && offset < lineStart) starts = lineStarts(text);
    if (starts !== void 0) return positionAt(starts, offset);
    for (let nl = text.indexOf("\n", lineStart); nl >= 0 && nl < offset; nl = text.indexOf("\n", lineStart)) {
      lineStart = nl + 1;
      line++;
    }
    return { line, column: offset - lineStart + 1 };
  };
}
function locationAt(file, pos, offset) {
  const { line, column } = pos(offset);
  return { file, line, column };
}
function textGate(tokens, options = {}) {
  const all = [...new Set([...tokens].map((t) => options.ignoreCase === true ? t.toLowerCase() : t))];
  const minimal = all.filter((t) => !all.some((o) => o !== t && t.includes(o)));
  const hit = options.ignoreCase === true ? /* @__PURE__ */ ((re) => (text) => re.test(text))(new RegExp(minimal.map(escapeRegExp).join("|"), "i")) : (text) => minimal.some((t) => text.includes(t));
  const gate = (text) => hit(text) || text.includes("\\") && escapedMayMention(text, hit);
  return Object.assign(gate, { tokens: minimal });
}
function escapedMayMention(text, hit) {
  if (/\\[xuU]/.test(text)) return true;
  return /\\\r?\n/.test(text) && hit(text.replace(/\\\r?\n[ \t]*/g, ""));
}
function looksLikeCleanYaml(text) {
  if (text.includes("	") || text.includes("\r")) return false;
  const indents = [];
  const isSeq11 = [];
  let opened = false;
  let rooted = false;
  let blockIndent = -1;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length) continue;
    if (blockIndent >= 0) {
      if (indent > blockIndent) continue;
      blockIndent = -1;
    }
    const rest = line.slice(indent);
    if (rest.startsWith("#")) continue;
    if (indent === 0 && (rest === "---" || rest === "...")) {
      indents.length = 0;
      isSeq11.length = 0;
      opened = false;
      rooted = false;
      continue;
    }
    if (indent === 0 && /^(?:---|\.\.\.)(?:\s|$)/.test(rest)) return false;
    const item = /^-(?: +|$)/.exec(rest)?.[0] ?? "";
    while (indents.length > 0 && indents[indents.length - 1] > indent) {
      indents.pop();
      isSeq11.pop();
    }
    const top = indents[indents.length - 1];
    if (top === indent) {
      if (isSeq11[isSeq11.length - 1] !== (item !== "")) return false;
    } else if (top === void 0 && !rooted || top !== void 0 && opened) {
      rooted = true;
      indents.push(indent);
      isSeq11.push(item !== "");
    } else {
      return false;
    }
    const body = rest.slice(item.length);
    if (body === "") {
      opened = true;
      continue;
    }
    const pair = /^(?:"[^"\\]*"|'[^']*'|[^\s"'#&*!|>%@`?:\-[\]{},][^#]*?|-[^\s#:][^#]*?)[ ]*:(?: +|$)/.exec(body);
    const value = pair === null ? item === "" ? null : body : body.slice(pair[0].length);
    if (value === null) return false;
    if (pair !== null && /: /.test(pair[0].slice(0, -1).trimEnd().slice(0, -1))) return false;
    if (item !== "" && pair !== null) {
      indents.push(indent + item.length);
      isSeq11.push(false);
    }
    const quoted = value.startsWith('"') || value.startsWith("'");
    const v = quoted ? value : value.replace(/(?:^| +)#.*$/, "");
    if (v === "") {
      opened = true;
      continue;
    }
    opened = false;
    if (/^[|>][-+]?$/.test(v)) {
      blockIndent = item !== "" && pair !== null ? indent + item.length : indent;
      continue;
    }
    if (!cleanScalar(v)) return false;
  }
  return true;
}
var DOUBLE_QUOTED = /^"(?:[^"\\]|\\[0abtnvfre "/\\N_LP])*"(?: +#.*| *)$/;
var SINGLE_QUOTED = /^'(?:[^']|'')*'(?: +#.*| *)$/;
function cleanScalar(v) {
  const c = v[0];
  if (c === '"') return DOUBLE_QUOTED.test(v);
  if (c === "'") return SINGLE_QUOTED.test(v);
  if (c === "[" || c === "{") return cleanFlow(v);
  if ("&*!%@`|>,]}#".includes(c)) return false;
  if ((c === "-" || c === "?" || c === ":") && (v.length === 1 || v[1] === " ")) return false;
  return !/: |:$/.test(v) && !v.endsWith(" ");
}
function cleanFlow(v) {
  const open = v[0];
  const close = open === "[" ? "]" : "}";
  if (!v.endsWith(close)) return false;
  const inner = v.slice(1, -1).trim();
  if (inner === "") return true;
  const parts = inner.split(",");
  for (const [i, part] of parts.entries()) {
    const item = part.trim();
    if (item === "") {
      if (i === parts.length - 1 && i > 0) continue;
      return false;
    }
    const words = open === "{" ? item.split(/: +/) : [item];
    if (words.length > 2) return false;
    for (const w of words) if (!/^(?:"[^"\\]*"|'[^']*'|(?:[A-Za-z0-9_./$()~]|-[A-Za-z0-9_./$()~-])[A-Za-z0-9_./$() ~-]*)$/.test(w)) return false;
  }
  return true;
}
var MAX_YAML_DIAGNOSTICS = 10;
function parseYaml(file, source) {
  const fast = fastParseAll(file.text);
  if (fast !== null) return { docs: fast, pos: positioner(file.text), diagnostics: [] };
  const lineCounter = new import_yaml2.LineCounter();
  const diagnostics = [];
  let docs = [];
  try {
    const parsed = (0, import_yaml2.parseAllDocuments)(file.text, { lineCounter, prettyErrors: false, uniqueKeys: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    diagnostics.push({
      source,
      location: { file: file.path, line: 1, column: 1 },
      message: `Could not parse ${file.path} as YAML (${err instanceof Error ? err.name : "error"}); nothing was extracted from it. Check that the file is valid YAML.`
    });
    return { docs, pos: positioner(file.text), diagnostics };
  }
  const pos = (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const seen = /* @__PURE__ */ new Set();
  let dropped = 0;
  for (const doc of docs) {
    for (const err of doc.errors) {
      const { line, column } = pos(err.pos[0]);
      const text = yamlErrorText(err.message);
      const id = `${line}:${column}:${text}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (diagnostics.length >= MAX_YAML_DIAGNOSTICS) {
        dropped++;
        continue;
      }
      diagnostics.push({
        source,
        location: { file: file.path, line, column },
        message: `Invalid YAML: ${text} (${err.code}). Fix the syntax here; only the parts of the file that could be read were scanned.`
      });
    }
  }
  if (dropped > 0) {
    const last = diagnostics[diagnostics.length - 1];
    diagnostics.push({ source, location: last.location, message: `${dropped} more YAML errors follow in this file; fix the ones above first.` });
  }
  return { docs, pos, diagnostics };
}
function yamlErrorText(message) {
  const first = message.split("\n")[0] ?? "";
  return first.replace(/ at line \d+, column \d+:?$/, "").slice(0, 200);
}
function joinRoute(route, part) {
  if (typeof part === "number") return `${route}[${part}]`;
  return route === "" ? part : `${route}.${part}`;
}
function walkYaml(node, route, visit, key = null) {
  if (node === null || node === void 0 || (0, import_yaml2.isAlias)(node)) return;
  if ((0, import_yaml2.isScalar)(node)) {
    visit(node, route, key);
    return;
  }
  if ((0, import_yaml2.isMap)(node)) {
    visit(node, route, key);
    for (const pair of node.items) {
      const k = (0, import_yaml2.isScalar)(pair.key) ? pair.key : null;
      const name = k !== null ? String(k.value) : "?";
      if (pair.key !== null && !(0, import_yaml2.isScalar)(pair.key)) walkYaml(pair.key, joinRoute(route, "?"), visit);
      walkYaml(pair.value, joinRoute(route, name), visit, k);
    }
    return;
  }
  if ((0, import_yaml2.isSeq)(node)) {
    visit(node, route, key);
    node.items.forEach((item, i) => walkYaml(item, joinRoute(route, i), visit));
  }
}
function scalarText(node) {
  if (!(0, import_yaml2.isScalar)(node)) return null;
  if (node.source !== void 0 && typeof node.value !== "string") return node.source;
  const v = node.value;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}
function mapGet(node, key) {
  if (!(0, import_yaml2.isMap)(node)) return void 0;
  for (const pair of node.items) {
    if ((0, import_yaml2.isScalar)(pair.key) && String(pair.key.value) === key) return pair.value;
  }
  return void 0;
}
function mapPairs(node) {
  return (0, import_yaml2.isMap)(node) ? node.items.filter((p) => (0, import_yaml2.isPair)(p)) : [];
}
function scalarStart(node) {
  const start = node.range?.[0] ?? 0;
  return node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE" ? start + 1 : start;
}
function scalarSource(text, node) {
  const [start, end] = node.range ?? [0, 0];
  return { raw: text.slice(start, end), offset: start };
}
function scalarLocation(file, pos, node) {
  return locationAt(file, pos, scalarStart(node));
}
var SHELL_VAR_SIGIL = "$";
function findShellVarUses(raw) {
  const uses2 = [];
  const re = /\$(?:env:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (let m = re.exec(raw); m !== null; m = re.exec(raw)) {
    const prev = raw[m.index - 1];
    if (prev === "$") continue;
    if (prev === "\\") continue;
    const name = m[1] ?? m[2] ?? m[3];
    const prefix = m[1] !== void 0 ? 5 : m[2] !== void 0 ? 2 : 1;
    uses2.push({ name, offset: m.index + prefix });
  }
  return uses2;
}
function findShellAssignments(raw) {
  const names = [];
  const patterns = [
    /(?:^|[\n;&|({]|\bthen\b|\bdo\b|\belse\b)\s*(?:(?:local|readonly|declare(?:\s+-\w+)*)\s+)?([A-Za-z_][A-Za-z0-9_]*)\+?=/g,
    /\bexport\s+([A-Za-z_][A-Za-z0-9_]*)=/g,
    /\bread\s+(?:-\w+\s+)*([A-Za-z_][A-Za-z0-9_]*)/g,
    /\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g
  ];
  for (const re of patterns) {
    for (let m = re.exec(raw); m !== null; m = re.exec(raw)) names.push(m[1]);
  }
  return names;
}
function ref(system, kind, name, location, route, extra = {}) {
  return { system, kind, name, location, route, ...extra };
}
function byPosition(items) {
  return items.sort((a, b2) => a.location.line - b2.location.line || a.location.column - b2.location.column);
}
function baseName(path) {
  const i = path.lastIndexOf("/");
  return i === -1 ? path : path.slice(i + 1);
}
function isYamlPath(path) {
  const n = path.length;
  if ((path.charCodeAt(n - 1) | 32) !== 108 || (path.charCodeAt(n - 2) | 32) !== 109) return false;
  const c = path.charCodeAt(n - 3) | 32;
  if (c === 121) return path.charCodeAt(n - 4) === 46;
  return c === 97 && (path.charCodeAt(n - 4) | 32) === 121 && path.charCodeAt(n - 5) === 46;
}
function slashed(path) {
  return `/${path.replace(/\\/g, "/")}`;
}
function scanEnvVarRefs(file, docs, pos, scan) {
  const defined = /* @__PURE__ */ new Set();
  const scalars = [];
  for (const doc of docs) {
    walkYaml(doc.contents, "", (node, route, key) => {
      if ((0, import_yaml2.isScalar)(node)) {
        scalars.push({ node, route });
        const text = scalarText(node);
        if (text !== null && text.includes("=")) for (const n of findShellAssignments(text)) defined.add(n);
        return;
      }
      if ((0, import_yaml2.isMap)(node) && scan.definesVariables(key === null ? "" : String(key.value), route)) {
        for (const pair of node.items) if ((0, import_yaml2.isScalar)(pair.key)) defined.add(String(pair.key.value));
      }
      scan.collectDefinitions?.(node, route, key, defined);
    });
  }
  const refs = [];
  for (const { node, route } of scalars) {
    const { raw, offset } = scalarSource(file.text, node);
    if (!raw.includes(SHELL_VAR_SIGIL)) continue;
    for (const use of findShellVarUses(raw)) {
      if (onShellCommentLine(raw, use.offset)) continue;
      const verdict = scan.classify(use.name);
      if (verdict === "ignore") continue;
      if (verdict === "secret" && (defined.has(use.name) || !isCredentialName(use.name))) continue;
      const kind = verdict === "platform" ? "platform" : "reference";
      refs.push(ref(scan.system, kind, use.name, locationAt(file.path, pos, offset + use.offset), route));
    }
  }
  return refs;
}
function onShellCommentLine(raw, offset) {
  const lineStart = raw.lastIndexOf("\n", offset - 1) + 1;
  return /^\s*#/.test(raw.slice(lineStart, offset)) && lineStart > 0;
}

// src/core/extract/ansible.ts
var SECRET_LOOKUPS = [
  "hashi_vault",
  "community.hashi_vault.hashi_vault",
  "community.hashi_vault.vault_kv2_get",
  "community.hashi_vault.vault_kv1_get",
  "community.hashi_vault.vault_read",
  "aws_secret",
  "amazon.aws.aws_secret",
  "amazon.aws.secretsmanager_secret",
  "aws_ssm",
  "amazon.aws.aws_ssm",
  "azure_keyvault_secret",
  "azure.azcollection.azure_keyvault_secret",
  "onepassword",
  "community.general.onepassword",
  "community.general.bitwarden",
  "cyberarkpassword",
  "community.general.cyberarkpassword",
  "google.cloud.gcp_secret_manager"
];
var SECRET_MODULES = {
  "community.hashi_vault.vault_kv2_get": "path",
  "community.hashi_vault.vault_kv1_get": "path",
  "community.hashi_vault.vault_read": "path",
  vault_kv2_get: "path",
  vault_kv1_get: "path",
  vault_read: "path"
};
var esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
var LOOKUP_ENV = /\b(?:lookup|query|q)\(\s*(['"])(?:ansible\.builtin\.)?env\1\s*,\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\2/g;
var LOOKUP_SECRET = new RegExp(`\\b(?:lookup|query|q)\\(\\s*(['"])(${SECRET_LOOKUPS.map(esc).join("|")})\\1\\s*,\\s*(?:(['"])([^'"]*)\\3|([^,)\\s][^,)]*))`, "g");
var SNIFF = /!vault|\$ANSIBLE_VAULT;|\b(?:lookup|query|q)\(|vault_kv|vault_read/;
var ansible = {
  id: "ansible",
  description: "Ansible: vault-encrypted variables, env lookups of credentials and secret-manager lookups",
  matches(path) {
    if (!isYamlPath(path) && !path.includes("_vars")) return false;
    const p = slashed(path);
    const base = baseName(path);
    if (/\/(group_vars|host_vars)\//.test(p)) return !/\.(j2|md|txt|json|ini|cfg)$/i.test(base);
    if (!/\.ya?ml$/i.test(base)) return false;
    return /^(site|playbook[^/]*)\.ya?ml$/i.test(base) || /playbook/i.test(p) || /\/(roles|tasks|vars|handlers|defaults)\//.test(p);
  },
  extract(file) {
    if (file.text.startsWith("$ANSIBLE_VAULT;")) {
      const name = baseName(file.path).replace(/\.ya?ml$/i, "");
      return { refs: [ref("ansible", "declaration", name, { file: file.path, line: 1, column: 1 }, "(vault file)")], diagnostics: [] };
    }
    if (!SNIFF.test(file.text)) return { refs: [], diagnostics: [] };
    const result = extractYaml(file);
    if (result.diagnostics.length === 0) return result;
    const reindented = indentQuotedContinuations(file.text);
    if (reindented === null) return result;
    const retry = extractYaml({ path: file.path, text: reindented.text });
    if (retry.diagnostics.length >= result.diagnostics.length) return result;
    const back = (line, column) => column - Math.min(reindented.padding.get(line) ?? 0, column - 1);
    const unpad = (item) => {
      const { line, column, endLine, endColumn } = item.location;
      const end = endLine !== void 0 && endColumn !== void 0 ? { endColumn: back(endLine, endColumn) } : {};
      return { ...item, location: { ...item.location, column: back(line, column), ...end } };
    };
    return { refs: retry.refs.map(unpad), diagnostics: retry.diagnostics.map(unpad) };
  }
};
function extractYaml(file) {
  const refs = [];
  const { docs, pos, diagnostics } = parseYaml(file, "ansible");
  for (const doc of docs) {
    walkYaml(doc.contents, "", (node, route, key) => {
      if ((0, import_yaml3.isMap)(node)) {
        moduleRefs(file, pos, node, route, refs);
        return;
      }
      if (!(0, import_yaml3.isScalar)(node)) return;
      const text = scalarText(node) ?? "";
      if (node.tag === "!vault" || text.startsWith("$ANSIBLE_VAULT;")) {
        const name = key !== null ? String(key.value) : route.slice(route.lastIndexOf(".") + 1);
        refs.push(ref("ansible", "declaration", name, scalarLocation(file.path, pos, key ?? node), route));
        return;
      }
      const { raw, offset } = scalarSource(file.text, node);
      if (!/\b(?:lookup|query|q)\(/.test(raw)) return;
      for (const m of raw.matchAll(LOOKUP_ENV)) {
        const name = m[3];
        if (!isCredentialName(name)) continue;
        const at = offset + m.index + m[0].length - name.length - 1;
        refs.push(ref("ansible", "reference", name, locationAt(file.path, pos, at), route));
      }
      for (const m of raw.matchAll(LOOKUP_SECRET)) secretLookup(file, pos, m, offset, route, refs);
    });
  }
  return { refs: byPosition(refs), diagnostics };
}
function moduleRefs(file, pos, node, route, refs) {
  for (const pair of mapPairs(node)) {
    if (!(0, import_yaml3.isScalar)(pair.key)) continue;
    const arg = SECRET_MODULES[String(pair.key.value)];
    if (arg === void 0) continue;
    const argRoute = joinRoute(joinRoute(route, String(pair.key.value)), arg);
    for (const p of mapPairs(pair.value)) {
      if (!(0, import_yaml3.isScalar)(p.key) || String(p.key.value) !== arg || !(0, import_yaml3.isScalar)(p.value)) continue;
      const v = scalarText(p.value) ?? "";
      const loc = scalarLocation(file.path, pos, p.value);
      refs.push(v.includes("{{") || v === "" ? ref("ansible", "overbroad", null, loc, argRoute, { overbroad: "dynamic-index" }) : ref("ansible", "reference", v, loc, argRoute));
    }
  }
}
function secretLookup(file, pos, m, offset, route, refs) {
  const whole = m[0];
  const term = m[4];
  const start = offset + m.index;
  const secret = term === void 0 ? null : /(?:^|\s)secret=(\S+)/.exec(term);
  const name = term === void 0 ? "" : secret !== null ? secret[1] : term.trim().split(/\s+/)[0] ?? "";
  if (term === void 0 || name === "" || name.includes("{{")) {
    const at2 = term === void 0 ? start + whole.length - (m[5] ?? "").length : start + whole.length - term.length - 1;
    refs.push(ref("ansible", "overbroad", null, locationAt(file.path, pos, at2), route, { overbroad: "dynamic-index" }));
    return;
  }
  const termStart = start + whole.length - term.length - 1;
  const at = termStart + (secret !== null ? secret.index + secret[0].indexOf("secret=") + "secret=".length : term.indexOf(name));
  refs.push(ref("ansible", "reference", name, locationAt(file.path, pos, at), route));
}

// src/core/extract/azure-pipelines.ts
var import_yaml4 = __toESM(require_dist(), 1);
var PREDEFINED_PREFIXES = ["build.", "system.", "agent.", "pipeline.", "release.", "environment.", "strategy.", "resources.", "checks.", "tf_build"];
var CONNECTION_KEYS = /* @__PURE__ */ new Set([
  "azuresubscription",
  "azuresubscriptionendpoint",
  "connectedservicename",
  "connectedservicenamearm",
  "azureresourcemanagerconnection",
  "serviceconnection",
  "dockerregistryserviceconnection",
  "dockerregistryendpoint",
  "containerregistry",
  "kubernetesserviceendpoint",
  "kubernetesserviceconnection",
  "githubconnection",
  "gitHubConnection".toLowerCase(),
  "externalendpoint",
  "externalendpoints",
  "sonarqube",
  "serviceendpoint",
  "awscredentials",
  "nugetserviceconnections",
  "externalfeedcredentials",
  "publishfeedcredentials",
  "azurecontainerregistry",
  "azuresubscriptionforacr"
]);
var LIST_KEYS = /* @__PURE__ */ new Set(["externalendpoints", "nugetserviceconnections", "externalfeedcredentials", "publishfeedcredentials"]);
var PIPELINE_KEYS = /* @__PURE__ */ new Set(["steps", "jobs", "stages", "trigger", "pr", "pool", "variables", "extends", "resources", "schedules", "parameters"]);
function classifyAzureVariable(name) {
  const lower = name.toLowerCase();
  if (lower === "system.accesstoken") return "platform";
  if (PREDEFINED_PREFIXES.some((p) => lower.startsWith(p))) return "ignore";
  return "secret";
}
var isTemplated = (v) => /(^|[^$])\{\{.*\}\}/.test(v);
var MACRO = /\$\(([A-Za-z0-9_.-]+)\)/g;
var azurePipelines = {
  id: "azure-pipelines",
  description: "Azure Pipelines: secret $(variables), variable groups and service connections",
  matches(path) {
    if (!isYamlPath(path)) return false;
    return slashed(path).split("/").some((seg) => /^\.?azure-?pipelines/i.test(seg) || /^\.azuredevops$/i.test(seg) || /^\.?azure-?devops$/i.test(seg));
  },
  extract(file) {
    const { docs, pos, diagnostics } = parseYaml(file, "azure-pipelines");
    if (!docs.some(looksLikePipeline)) return { refs: [], diagnostics: [] };
    const refs = [];
    const defined = /* @__PURE__ */ new Set();
    const values = /* @__PURE__ */ new Map();
    const paramDefaults = /* @__PURE__ */ new Map();
    const keyVaultNames = /* @__PURE__ */ new Set();
    for (const doc of docs) {
      walkYaml(doc.contents, "", (node, route, key) => {
        const k = key === null ? null : String(key.value);
        if (k === "variables" && (0, import_yaml4.isMap)(node)) {
          for (const pair of node.items) {
            if (!(0, import_yaml4.isScalar)(pair.key)) continue;
            const name = String(pair.key.value).toLowerCase();
            defined.add(name);
            const v = scalarText(pair.value) ?? scalarText(mapGet(pair.value, "value"));
            if (v !== null) values.set(name, v);
          }
        } else if (k === "variables" && (0, import_yaml4.isSeq)(node)) {
          node.items.forEach((item, i) => {
            const name = scalarText(mapGet(item, "name"));
            if (name !== null) {
              defined.add(name.toLowerCase());
              const v = scalarText(mapGet(item, "value"));
              if (v !== null) values.set(name.toLowerCase(), v);
            }
            const group = mapGet(item, "group");
            if ((0, import_yaml4.isScalar)(group) && typeof group.value === "string" && !isTemplated(group.value)) {
              refs.push(ref("azure-pipelines", "reference", group.value, scalarLocation(file.path, pos, group), `${route}[${i}].group`));
            }
          });
        } else if (k === "parameters" && (0, import_yaml4.isSeq)(node)) {
          for (const item of node.items) {
            const name = scalarText(mapGet(item, "name"));
            const def = scalarText(mapGet(item, "default"));
            if (name !== null) {
              defined.add(name.toLowerCase());
              if (def !== null) paramDefaults.set(name.toLowerCase(), def);
            }
          }
        } else if ((0, import_yaml4.isScalar)(node)) {
          const text = scalarText(node) ?? "";
          for (const m of text.matchAll(/task\.setvariable\s+variable=([A-Za-z0-9_.-]+)/gi)) defined.add(m[1].toLowerCase());
        } else if ((0, import_yaml4.isMap)(node) && /^AzureKeyVault@/i.test(scalarText(mapGet(node, "task")) ?? "")) {
          keyVaultSecrets(file, pos, node, route, refs, keyVaultNames);
        }
      });
    }
    for (const n of keyVaultNames) defined.add(n.toLowerCase());
    for (const doc of docs) {
      walkYaml(doc.contents, "", (node, route, key) => {
        if (!(0, import_yaml4.isScalar)(node)) return;
        const k = key === null ? null : String(key.value).toLowerCase();
        if (k !== null && CONNECTION_KEYS.has(k) && !/(^|\.)variables(\.|\[|$)/.test(route.slice(0, route.lastIndexOf(".")))) {
          connectionRefs(file, pos, node, route, LIST_KEYS.has(k), { values, paramDefaults, defined }, refs);
        }
        const { raw, offset } = scalarSource(file.text, node);
        if (!raw.includes("$(")) return;
        for (const m of raw.matchAll(MACRO)) {
          const name = m[1];
          const verdict = classifyAzureVariable(name);
          if (verdict === "ignore") continue;
          if (verdict === "secret" && (defined.has(name.toLowerCase()) || !isCredentialName(name))) continue;
          const at = offset + m.index + 2;
          refs.push(ref("azure-pipelines", verdict === "platform" ? "platform" : "reference", name, locationAt(file.path, pos, at), route));
        }
      });
    }
    return { refs: byPosition(refs), diagnostics };
  }
};
function looksLikePipeline(doc) {
  const root = doc.contents;
  if (!(0, import_yaml4.isMap)(root)) return (0, import_yaml4.isSeq)(root) && root.items.some((i) => (0, import_yaml4.isMap)(i) && (mapGet(i, "task") !== void 0 || mapGet(i, "script") !== void 0));
  const keys = root.items.map((p) => (0, import_yaml4.isScalar)(p.key) ? String(p.key.value) : "");
  if (keys.includes("apiVersion") && keys.includes("kind")) return false;
  return keys.some((k) => PIPELINE_KEYS.has(k));
}
function connectionRefs(file, pos, node, route, list, res, refs) {
  const value = scalarText(node);
  if (value === null || value.trim() === "" || isTemplated(value)) return;
  const trimmed = value.trim();
  const loc = scalarLocation(file.path, pos, node);
  const macro = /^\$\(([A-Za-z0-9_.-]+)\)$/.exec(trimmed);
  const param = /^\$\{\{\s*(parameters|variables)\.([A-Za-z0-9_.-]+)\s*\}\}$/.exec(trimmed);
  let names;
  if (macro !== null || param !== null) {
    const key = (macro?.[1] ?? param?.[2] ?? "").toLowerCase();
    const resolved = param?.[1] === "parameters" ? res.paramDefaults.get(key) : res.values.get(key);
    if (resolved === void 0 || resolved.trim() === "" || /\$[({[]/.test(resolved)) {
      if (macro !== null && !res.defined.has(key)) refs.push(ref("azure-pipelines", "overbroad", null, loc, route, { overbroad: "dynamic-index" }));
      return;
    }
    if (isTemplated(resolved)) return;
    names = [resolved.trim()];
  } else if (/\$[({[]/.test(trimmed)) {
    refs.push(ref("azure-pipelines", "overbroad", null, loc, route, { overbroad: "dynamic-index" }));
    return;
  } else {
    names = [trimmed];
  }
  if (list) names = names.flatMap((n) => n.split(",")).map((n) => n.trim()).filter((n) => n !== "");
  for (const name of names) refs.push(ref("azure-pipelines", "reference", name, loc, route));
}
function keyVaultSecrets(file, pos, step, route, refs, names) {
  const inputs = mapGet(step, "inputs");
  if (!(0, import_yaml4.isMap)(inputs)) return;
  const pair = inputs.items.find((p) => (0, import_yaml4.isScalar)(p.key) && String(p.key.value).toLowerCase() === "secretsfilter");
  const inputRoute = `${route}.inputs.${pair && (0, import_yaml4.isScalar)(pair.key) ? String(pair.key.value) : "SecretsFilter"}`;
  const node = pair?.value;
  if (!(0, import_yaml4.isScalar)(node)) {
    const at = (0, import_yaml4.isScalar)(pair?.key) ? scalarLocation(file.path, pos, pair.key) : locationAt(file.path, pos, inputs.range?.[0] ?? 0);
    refs.push(ref("azure-pipelines", "overbroad", null, at, inputRoute, { overbroad: "inherit" }));
    return;
  }
  const { raw, offset } = scalarSource(file.text, node);
  for (const m of raw.matchAll(/[^,'"\s]+/g)) {
    const name = m[0];
    const at = locationAt(file.path, pos, offset + m.index);
    if (name === "*") refs.push(ref("azure-pipelines", "overbroad", null, at, inputRoute, { overbroad: "inherit" }));
    else if (!/^\$/.test(name)) {
      names.add(name);
      refs.push(ref("azure-pipelines", "reference", name, at, inputRoute));
    }
  }
}

// src/core/extract/bitbucket-pipelines.ts
var import_yaml5 = __toESM(require_dist(), 1);
function classifyBitbucketVariable(name) {
  if (name === "BITBUCKET_STEP_OIDC_TOKEN") return "platform";
  if (name.startsWith("BITBUCKET_") || name === "CI") return "ignore";
  return "secret";
}
var BITBUCKET_GATE = textGate([SHELL_VAR_SIGIL]);
var bitbucketPipelines = {
  id: "bitbucket-pipelines",
  description: "Bitbucket Pipelines: undefined credential-like `$VARIABLES` (repository, workspace and deployment variables)",
  matches(path) {
    return baseName(path) === "bitbucket-pipelines.yml";
  },
  extract(file) {
    if (!BITBUCKET_GATE(file.text)) return { refs: [], diagnostics: [] };
    const { docs, pos, diagnostics } = parseYaml(file, "bitbucket-pipelines");
    const refs = scanEnvVarRefs(file, docs, pos, {
      system: "bitbucket-pipelines",
      definesVariables: () => false,
      collectDefinitions: (node, _route, key, defined) => {
        if (key === null || String(key.value) !== "variables" || !(0, import_yaml5.isSeq)(node)) return;
        for (const item of node.items) {
          const name = (0, import_yaml5.isMap)(item) ? scalarText(mapGet(item, "name")) : null;
          if (name !== null) defined.add(name);
        }
      },
      classify: classifyBitbucketVariable
    });
    return { refs: byPosition(refs), diagnostics };
  }
};

// src/core/extract/circleci.ts
var import_yaml6 = __toESM(require_dist(), 1);
var PLATFORM_TOKENS = /* @__PURE__ */ new Set(["CIRCLE_OIDC_TOKEN", "CIRCLE_OIDC_TOKEN_V2"]);
function classifyCircleciVariable(name) {
  if (PLATFORM_TOKENS.has(name)) return "platform";
  if (name.startsWith("CIRCLE_") || name === "CIRCLECI" || name === "CI" || name === "BASH_ENV") return "ignore";
  return "secret";
}
var CONTEXT_KEY = "context";
var CIRCLECI_GATE = textGate([CONTEXT_KEY, SHELL_VAR_SIGIL]);
var circleci = {
  id: "circleci",
  description: "CircleCI: workflow job `context:` names and undefined credential-like `$VARIABLES`",
  matches(path) {
    return isYamlPath(path) && /\/\.circleci\/[^/]*\.ya?ml$/.test(slashed(path));
  },
  extract(file) {
    if (!CIRCLECI_GATE(file.text)) return { refs: [], diagnostics: [] };
    const { docs, pos, diagnostics } = parseYaml(file, "circleci");
    const refs = [];
    for (const doc of docs) {
      for (const wf of mapPairs(mapGet(doc.contents, "workflows"))) {
        if (!(0, import_yaml6.isScalar)(wf.key)) continue;
        const wfName = String(wf.key.value);
        const jobs = mapGet(wf.value, "jobs");
        if (!(0, import_yaml6.isSeq)(jobs)) continue;
        jobs.items.forEach((item, i) => {
          for (const job of mapPairs(item)) {
            if (!(0, import_yaml6.isScalar)(job.key)) continue;
            const route = joinRoute(joinRoute(`workflows.${wfName}.jobs`, i), String(job.key.value));
            contextRefs(file, pos, mapGet(job.value, CONTEXT_KEY), joinRoute(route, CONTEXT_KEY), refs);
          }
        });
      }
    }
    refs.push(
      ...scanEnvVarRefs(file, docs, pos, {
        system: "circleci",
        definesVariables: (key) => key === "environment",
        classify: classifyCircleciVariable
      })
    );
    return { refs: byPosition(refs), diagnostics };
  }
};
function contextRefs(file, pos, node, route, refs) {
  if ((0, import_yaml6.isScalar)(node) && typeof node.value === "string" && node.value !== "") {
    refs.push(ref("circleci", "reference", node.value, scalarLocation(file.path, pos, node), route));
  } else if ((0, import_yaml6.isSeq)(node)) {
    node.items.forEach((item, i) => {
      if ((0, import_yaml6.isScalar)(item) && typeof item.value === "string" && item.value !== "") {
        refs.push(ref("circleci", "reference", item.value, scalarLocation(file.path, pos, item), joinRoute(route, i)));
      }
    });
  }
}

// src/core/extract/compose.ts
var import_yaml7 = __toESM(require_dist(), 1);
var SECRETS_KEY = "secrets";
var COMPOSE_GATE = textGate([SECRETS_KEY]);
var compose = {
  id: "compose",
  description: "Docker Compose: top-level secrets: declarations and the services that use them",
  matches(path) {
    return isYamlPath(path) && /^(docker-)?compose([.-][^/]*)?\.ya?ml$/i.test(baseName(path));
  },
  extract(file) {
    if (!COMPOSE_GATE(file.text)) return { refs: [], diagnostics: [] };
    const { docs, pos, diagnostics } = parseYaml(file, "compose");
    const refs = [];
    for (const doc of docs) {
      for (const pair of mapPairs(mapGet(doc.contents, SECRETS_KEY))) {
        if (!(0, import_yaml7.isScalar)(pair.key)) continue;
        const name = String(pair.key.value);
        refs.push(ref("compose", "declaration", name, scalarLocation(file.path, pos, pair.key), `secrets.${name}`));
      }
      for (const svc of mapPairs(mapGet(doc.contents, "services"))) {
        if (!(0, import_yaml7.isScalar)(svc.key)) continue;
        const route = `services.${String(svc.key.value)}`;
        uses(file, pos, mapGet(svc.value, SECRETS_KEY), joinRoute(route, SECRETS_KEY), refs);
        uses(file, pos, mapGet(mapGet(svc.value, "build"), SECRETS_KEY), joinRoute(route, `build.${SECRETS_KEY}`), refs);
      }
    }
    return { refs: byPosition(refs), diagnostics };
  }
};
function uses(file, pos, list, route, refs) {
  if (!(0, import_yaml7.isSeq)(list)) return;
  list.items.forEach((item, i) => {
    const node = (0, import_yaml7.isMap)(item) ? mapGet(item, "source") : item;
    if (!(0, import_yaml7.isScalar)(node) || scalarText(node) === null || scalarText(node) === "") return;
    refs.push(ref("compose", "reference", scalarText(node), scalarLocation(file.path, pos, node), `${route}[${i}]`));
  });
}

// src/core/extract/github-actions.ts
var import_yaml10 = __toESM(require_dist(), 1);

// node_modules/@actions/expressions/dist/ast.js
var Expr = class {
};
var Literal = class extends Expr {
  constructor(literal, token) {
    super();
    this.literal = literal;
    this.token = token;
  }
  accept(v) {
    return v.visitLiteral(this);
  }
};
var Unary = class extends Expr {
  constructor(operator, expr) {
    super();
    this.operator = operator;
    this.expr = expr;
  }
  accept(v) {
    return v.visitUnary(this);
  }
};
var FunctionCall = class extends Expr {
  constructor(functionName, args) {
    super();
    this.functionName = functionName;
    this.args = args;
  }
  accept(v) {
    return v.visitFunctionCall(this);
  }
};
var Binary = class extends Expr {
  constructor(left, operator, right) {
    super();
    this.left = left;
    this.operator = operator;
    this.right = right;
  }
  accept(v) {
    return v.visitBinary(this);
  }
};
var Logical = class extends Expr {
  constructor(operator, args) {
    super();
    this.operator = operator;
    this.args = args;
  }
  accept(v) {
    return v.visitLogical(this);
  }
};
var Grouping = class extends Expr {
  constructor(group) {
    super();
    this.group = group;
  }
  accept(v) {
    return v.visitGrouping(this);
  }
};
var ContextAccess = class extends Expr {
  constructor(name) {
    super();
    this.name = name;
  }
  accept(v) {
    return v.visitContextAccess(this);
  }
};
var IndexAccess = class extends Expr {
  constructor(expr, index) {
    super();
    this.expr = expr;
    this.index = index;
  }
  accept(v) {
    return v.visitIndexAccess(this);
  }
};
var Star = class extends Expr {
  accept() {
    throw new Error("Method not implemented.");
  }
};

// node_modules/@actions/expressions/dist/data/expressiondata.js
var Kind;
(function(Kind2) {
  Kind2[Kind2["String"] = 0] = "String";
  Kind2[Kind2["Array"] = 1] = "Array";
  Kind2[Kind2["Dictionary"] = 2] = "Dictionary";
  Kind2[Kind2["Boolean"] = 3] = "Boolean";
  Kind2[Kind2["Number"] = 4] = "Number";
  Kind2[Kind2["CaseSensitiveDictionary"] = 5] = "CaseSensitiveDictionary";
  Kind2[Kind2["Null"] = 6] = "Null";
})(Kind || (Kind = {}));
function kindStr(k) {
  switch (k) {
    case Kind.Array:
      return "Array";
    case Kind.Boolean:
      return "Boolean";
    case Kind.Null:
      return "Null";
    case Kind.Number:
      return "Number";
    case Kind.Dictionary:
      return "Object";
    case Kind.String:
      return "String";
  }
  return "unknown";
}

// node_modules/@actions/expressions/dist/data/dictionary.js
var Dictionary = class {
  constructor(...pairs) {
    this.keys = [];
    this.v = [];
    this.indexMap = {};
    this.kind = Kind.Dictionary;
    this.primitive = false;
    for (const p of pairs) {
      this.add(p.key, p.value);
    }
  }
  coerceString() {
    return kindStr(this.kind);
  }
  number() {
    return NaN;
  }
  add(key, value) {
    if (key.toLowerCase() in this.indexMap) {
      return;
    }
    this.keys.push(key);
    this.v.push(value);
    this.indexMap[key.toLowerCase()] = this.v.length - 1;
  }
  get(key) {
    const index = this.indexMap[key.toLowerCase()];
    if (index === void 0) {
      return void 0;
    }
    return this.v[index];
  }
  values() {
    return this.v;
  }
  pairs() {
    const result = [];
    for (const key of this.keys) {
      result.push({ key, value: this.v[this.indexMap[key.toLowerCase()]] });
    }
    return result;
  }
};

// node_modules/@actions/expressions/dist/data/array.js
var Array2 = class {
  constructor(...data) {
    this.v = [];
    this.kind = Kind.Array;
    this.primitive = false;
    for (const d of data) {
      this.add(d);
    }
  }
  coerceString() {
    return kindStr(this.kind);
  }
  number() {
    return NaN;
  }
  add(value) {
    this.v.push(value);
  }
  get(index) {
    return this.v[index];
  }
  values() {
    return this.v;
  }
};

// node_modules/@actions/expressions/dist/data/boolean.js
var BooleanData = class {
  constructor(value) {
    this.value = value;
    this.kind = Kind.Boolean;
    this.primitive = true;
  }
  coerceString() {
    if (this.value) {
      return "true";
    }
    return "false";
  }
  number() {
    if (this.value) {
      return 1;
    }
    return 0;
  }
};

// node_modules/@actions/expressions/dist/data/null.js
var Null = class {
  constructor() {
    this.kind = Kind.Null;
    this.primitive = true;
  }
  coerceString() {
    return "";
  }
  number() {
    return 0;
  }
};

// node_modules/@actions/expressions/dist/data/number.js
var NumberData = class {
  constructor(value) {
    this.value = value;
    this.kind = Kind.Number;
    this.primitive = true;
  }
  coerceString() {
    if (this.value === 0) {
      return "0";
    }
    return (+this.value.toFixed(15)).toString();
  }
  number() {
    return this.value;
  }
};

// node_modules/@actions/expressions/dist/data/string.js
var StringData = class {
  constructor(value) {
    this.value = value;
    this.kind = Kind.String;
    this.primitive = true;
  }
  coerceString() {
    return this.value;
  }
  number() {
    return Number(this.value);
  }
};

// node_modules/@actions/expressions/dist/data/replacer.js
function replacer(_key, value) {
  if (value instanceof Null) {
    return null;
  }
  if (value instanceof BooleanData) {
    return value.value;
  }
  if (value instanceof NumberData) {
    return value.number();
  }
  if (value instanceof StringData) {
    return value.coerceString();
  }
  if (value instanceof Array2) {
    return value.values();
  }
  if (value instanceof Dictionary) {
    const pairs = value.pairs();
    const r = {};
    for (const p of pairs) {
      r[p.key] = p.value;
    }
    return r;
  }
  return value;
}

// node_modules/@actions/expressions/dist/data/reviver.js
function reviver(_key, val) {
  if (val === null) {
    return new Null();
  }
  if (typeof val === "string") {
    return new StringData(val);
  }
  if (typeof val === "number") {
    return new NumberData(val);
  }
  if (typeof val === "boolean") {
    return new BooleanData(val);
  }
  if (Array.isArray(val)) {
    return new Array2(...val);
  }
  if (typeof val === "object") {
    return new Dictionary(...Object.keys(val).map((k) => ({
      key: k,
      value: val[k]
    })));
  }
  return val;
}

// node_modules/@actions/expressions/dist/lexer.js
var TokenType;
(function(TokenType2) {
  TokenType2[TokenType2["UNKNOWN"] = 0] = "UNKNOWN";
  TokenType2[TokenType2["LEFT_PAREN"] = 1] = "LEFT_PAREN";
  TokenType2[TokenType2["RIGHT_PAREN"] = 2] = "RIGHT_PAREN";
  TokenType2[TokenType2["LEFT_BRACKET"] = 3] = "LEFT_BRACKET";
  TokenType2[TokenType2["RIGHT_BRACKET"] = 4] = "RIGHT_BRACKET";
  TokenType2[TokenType2["COMMA"] = 5] = "COMMA";
  TokenType2[TokenType2["DOT"] = 6] = "DOT";
  TokenType2[TokenType2["BANG"] = 7] = "BANG";
  TokenType2[TokenType2["BANG_EQUAL"] = 8] = "BANG_EQUAL";
  TokenType2[TokenType2["EQUAL_EQUAL"] = 9] = "EQUAL_EQUAL";
  TokenType2[TokenType2["GREATER"] = 10] = "GREATER";
  TokenType2[TokenType2["GREATER_EQUAL"] = 11] = "GREATER_EQUAL";
  TokenType2[TokenType2["LESS"] = 12] = "LESS";
  TokenType2[TokenType2["LESS_EQUAL"] = 13] = "LESS_EQUAL";
  TokenType2[TokenType2["AND"] = 14] = "AND";
  TokenType2[TokenType2["OR"] = 15] = "OR";
  TokenType2[TokenType2["STAR"] = 16] = "STAR";
  TokenType2[TokenType2["NUMBER"] = 17] = "NUMBER";
  TokenType2[TokenType2["STRING"] = 18] = "STRING";
  TokenType2[TokenType2["IDENTIFIER"] = 19] = "IDENTIFIER";
  TokenType2[TokenType2["TRUE"] = 20] = "TRUE";
  TokenType2[TokenType2["FALSE"] = 21] = "FALSE";
  TokenType2[TokenType2["NULL"] = 22] = "NULL";
  TokenType2[TokenType2["EOF"] = 23] = "EOF";
})(TokenType || (TokenType = {}));
function tokenString(tok) {
  switch (tok.type) {
    case TokenType.EOF:
      return "EOF";
    case TokenType.NUMBER:
      return tok.lexeme;
    case TokenType.STRING:
      return tok.value.toString();
    default:
      return tok.lexeme;
  }
}
var Lexer = class {
  constructor(input) {
    this.input = input;
    this.start = 0;
    this.offset = 0;
    this.line = 0;
    this.lastLineOffset = 0;
    this.tokens = [];
  }
  lex() {
    if (this.input.length > MAX_EXPRESSION_LENGTH) {
      throw new Error("ErrorExceededMaxLength");
    }
    while (!this.atEnd()) {
      this.start = this.offset;
      const c = this.next();
      switch (c) {
        case "(":
          this.addToken(TokenType.LEFT_PAREN);
          break;
        case ")":
          this.addToken(TokenType.RIGHT_PAREN);
          break;
        case "[":
          this.addToken(TokenType.LEFT_BRACKET);
          break;
        case "]":
          this.addToken(TokenType.RIGHT_BRACKET);
          break;
        case ",":
          this.addToken(TokenType.COMMA);
          break;
        case ".":
          if (this.previous() != TokenType.IDENTIFIER && this.previous() != TokenType.RIGHT_BRACKET && this.previous() != TokenType.RIGHT_PAREN && this.previous() != TokenType.STAR) {
            this.consumeNumber();
          } else {
            this.addToken(TokenType.DOT);
          }
          break;
        case "-":
        case "+":
          this.consumeNumber();
          break;
        case "!":
          this.addToken(this.match("=") ? TokenType.BANG_EQUAL : TokenType.BANG);
          break;
        case "=":
          if (!this.match("=")) {
            this.consumeIdentifier();
            break;
          }
          this.addToken(TokenType.EQUAL_EQUAL);
          break;
        case "<":
          this.addToken(this.match("=") ? TokenType.LESS_EQUAL : TokenType.LESS);
          break;
        case ">":
          this.addToken(this.match("=") ? TokenType.GREATER_EQUAL : TokenType.GREATER);
          break;
        case "&":
          if (!this.match("&")) {
            this.consumeIdentifier();
            break;
          }
          this.addToken(TokenType.AND);
          break;
        case "|":
          if (!this.match("|")) {
            this.consumeIdentifier();
            break;
          }
          this.addToken(TokenType.OR);
          break;
        case "*":
          this.addToken(TokenType.STAR);
          break;
        // Ignore whitespace.
        case " ":
        case "\r":
        case "	":
          break;
        case "\n":
          ++this.line;
          this.lastLineOffset = this.offset;
          break;
        case "'":
          this.consumeString();
          break;
        default:
          switch (true) {
            case isDigit(c):
              this.consumeNumber();
              break;
            default:
              this.consumeIdentifier();
              break;
          }
      }
    }
    this.tokens.push({
      type: TokenType.EOF,
      lexeme: "",
      range: this.range()
    });
    return {
      tokens: this.tokens
    };
  }
  pos() {
    return {
      line: this.line,
      column: this.start - this.lastLineOffset
    };
  }
  endPos() {
    return {
      line: this.line,
      column: this.offset - this.lastLineOffset
    };
  }
  range() {
    return {
      start: this.pos(),
      end: this.endPos()
    };
  }
  atEnd() {
    return this.offset >= this.input.length;
  }
  peek() {
    if (this.atEnd()) {
      return "\0";
    }
    return this.input[this.offset];
  }
  peekNext() {
    if (this.offset + 1 >= this.input.length) {
      return "\0";
    }
    return this.input[this.offset + 1];
  }
  previous() {
    const l = this.tokens.length;
    if (l == 0) {
      return TokenType.EOF;
    }
    return this.tokens[l - 1].type;
  }
  next() {
    return this.input[this.offset++];
  }
  match(expected) {
    if (this.atEnd()) {
      return false;
    }
    if (this.input[this.offset] !== expected) {
      return false;
    }
    this.offset++;
    return true;
  }
  addToken(type, value) {
    this.tokens.push({
      type,
      lexeme: this.input.substring(this.start, this.offset),
      range: this.range(),
      value
    });
  }
  consumeNumber() {
    while (!this.atEnd() && (!isBoundary(this.peek()) || this.peek() == ".")) {
      this.next();
    }
    const lexeme = this.input.substring(this.start, this.offset);
    const value = new StringData(lexeme).number();
    if (isNaN(value)) {
      throw new Error(`Unexpected symbol: '${lexeme}'. Located at position ${this.start + 1} within expression: ${this.input}`);
    }
    this.addToken(TokenType.NUMBER, value);
  }
  consumeString() {
    while ((this.peek() !== "'" || this.peekNext() === "'") && !this.atEnd()) {
      if (this.peek() === "\n")
        this.line++;
      if (this.peek() === "'" && this.peekNext() === "'") {
        this.next();
      }
      this.next();
    }
    if (this.atEnd()) {
      throw new Error(`Unexpected symbol: '${this.input.substring(this.start)}'. Located at position ${this.start + 1} within expression: ${this.input}`);
    }
    this.next();
    let value = this.input.substring(this.start + 1, this.offset - 1);
    value = value.replace("''", "'");
    this.addToken(TokenType.STRING, value);
  }
  consumeIdentifier() {
    while (!this.atEnd() && !isBoundary(this.peek())) {
      this.next();
    }
    let tokenType = TokenType.IDENTIFIER;
    let tokenValue = void 0;
    const lexeme = this.input.substring(this.start, this.offset);
    if (this.previous() != TokenType.DOT) {
      switch (lexeme) {
        case "true":
          tokenType = TokenType.TRUE;
          break;
        case "false":
          tokenType = TokenType.FALSE;
          break;
        case "null":
          tokenType = TokenType.NULL;
          break;
        case "NaN":
          tokenType = TokenType.NUMBER;
          tokenValue = NaN;
          break;
        case "Infinity":
          tokenType = TokenType.NUMBER;
          tokenValue = Infinity;
          break;
      }
    }
    if (!isLegalIdentifier(lexeme)) {
      throw new Error(`Unexpected symbol: '${lexeme}'. Located at position ${this.start + 1} within expression: ${this.input}`);
    }
    this.addToken(tokenType, tokenValue);
  }
};
function isDigit(c) {
  return c >= "0" && c <= "9";
}
function isBoundary(c) {
  switch (c) {
    case "(":
    case "[":
    case ")":
    case "]":
    case ",":
    case ".":
    case "!":
    case ">":
    case "<":
    case "=":
    case "&":
    case "|":
      return true;
  }
  return /\s/.test(c);
}
function isLegalIdentifier(str) {
  if (str == "") {
    return false;
  }
  const first = str[0];
  if (first >= "a" && first <= "z" || first >= "A" && first <= "Z" || first == "_") {
    for (const c of str.substring(1).split("")) {
      if (c >= "a" && c <= "z" || c >= "A" && c <= "Z" || c >= "0" && c <= "9" || c == "_" || c == "-") {
      } else {
        return false;
      }
    }
    return true;
  }
  return false;
}

// node_modules/@actions/expressions/dist/errors.js
var MAX_PARSER_DEPTH = 50;
var MAX_EXPRESSION_LENGTH = 21e3;
var ErrorType;
(function(ErrorType2) {
  ErrorType2[ErrorType2["ErrorUnexpectedSymbol"] = 0] = "ErrorUnexpectedSymbol";
  ErrorType2[ErrorType2["ErrorUnrecognizedNamedValue"] = 1] = "ErrorUnrecognizedNamedValue";
  ErrorType2[ErrorType2["ErrorUnexpectedEndOfExpression"] = 2] = "ErrorUnexpectedEndOfExpression";
  ErrorType2[ErrorType2["ErrorExceededMaxDepth"] = 3] = "ErrorExceededMaxDepth";
  ErrorType2[ErrorType2["ErrorExceededMaxLength"] = 4] = "ErrorExceededMaxLength";
  ErrorType2[ErrorType2["ErrorTooFewParameters"] = 5] = "ErrorTooFewParameters";
  ErrorType2[ErrorType2["ErrorTooManyParameters"] = 6] = "ErrorTooManyParameters";
  ErrorType2[ErrorType2["ErrorEvenParameters"] = 7] = "ErrorEvenParameters";
  ErrorType2[ErrorType2["ErrorUnrecognizedContext"] = 8] = "ErrorUnrecognizedContext";
  ErrorType2[ErrorType2["ErrorUnrecognizedFunction"] = 9] = "ErrorUnrecognizedFunction";
})(ErrorType || (ErrorType = {}));
var ExpressionError = class extends Error {
  constructor(typ, tok) {
    super(`${errorDescription(typ)}: '${tokenString(tok)}'`);
    this.typ = typ;
    this.tok = tok;
    this.pos = this.tok.range.start;
  }
};
function errorDescription(typ) {
  switch (typ) {
    case ErrorType.ErrorUnexpectedEndOfExpression:
      return "Unexpected end of expression";
    case ErrorType.ErrorUnexpectedSymbol:
      return "Unexpected symbol";
    case ErrorType.ErrorUnrecognizedNamedValue:
      return "Unrecognized named-value";
    case ErrorType.ErrorExceededMaxDepth:
      return `Exceeded max expression depth ${MAX_PARSER_DEPTH}`;
    case ErrorType.ErrorExceededMaxLength:
      return `Exceeded max expression length ${MAX_EXPRESSION_LENGTH}`;
    case ErrorType.ErrorTooFewParameters:
      return "Too few parameters supplied";
    case ErrorType.ErrorTooManyParameters:
      return "Too many parameters supplied";
    case ErrorType.ErrorEvenParameters:
      return "Even number of parameters supplied, requires an odd number of parameters";
    case ErrorType.ErrorUnrecognizedContext:
      return "Unrecognized named-value";
    case ErrorType.ErrorUnrecognizedFunction:
      return "Unrecognized function";
    default:
      return "Unknown error";
  }
}
var ExpressionEvaluationError = class extends Error {
};

// node_modules/@actions/expressions/dist/funcs/case.js
var caseFunc = {
  name: "case",
  description: "`case( pred1, val1, pred2, val2, ..., default )`\n\nEvaluates predicates in order and returns the value corresponding to the first predicate that evaluates to `true`. If no predicate matches, it returns the last argument as the default value.",
  minArgs: 3,
  maxArgs: Number.MAX_SAFE_INTEGER,
  call: (...args) => {
    for (let i = 0; i < args.length - 1; i += 2) {
      const predicate = args[i];
      if (predicate.kind !== Kind.Boolean) {
        throw new Error("case predicate must evaluate to a boolean value");
      }
      if (predicate.value) {
        return args[i + 1];
      }
    }
    return args[args.length - 1];
  }
};

// node_modules/@actions/expressions/dist/result.js
function coerceTypes(li, ri) {
  let lv = li;
  let rv = ri;
  if (li.kind === ri.kind) {
    return [lv, rv];
  }
  switch (li.kind) {
    // Number, String
    case Kind.Number:
      if (ri.kind === Kind.String) {
        rv = new NumberData(ri.number());
        return [lv, rv];
      }
      break;
    // String, Number
    case Kind.String:
      if (ri.kind === Kind.Number) {
        lv = new NumberData(li.number());
        return [lv, rv];
      }
      break;
    // Boolean|Null, Any
    case Kind.Null:
    case Kind.Boolean:
      lv = new NumberData(li.number());
      return coerceTypes(lv, rv);
  }
  switch (ri.kind) {
    case Kind.Null:
    case Kind.Boolean:
      rv = new NumberData(ri.number());
      return coerceTypes(lv, rv);
  }
  return [lv, rv];
}
function equals(lhs, rhs) {
  const [lv, rv] = coerceTypes(lhs, rhs);
  if (lv.kind != rv.kind) {
    return false;
  }
  switch (lv.kind) {
    // Null, Null
    case Kind.Null:
      return true;
    // Number, Number
    case Kind.Number: {
      const ld = lv.value;
      const rd = rv.value;
      if (isNaN(ld) || isNaN(rd)) {
        return false;
      }
      return ld == rd;
    }
    // String, String
    case Kind.String: {
      const ls = lv.value;
      const rs = rv.value;
      return toUpperSpecial(ls) === toUpperSpecial(rs);
    }
    // Boolean, Boolean
    case Kind.Boolean: {
      const lb = lv.value;
      const rb = rv.value;
      return lb == rb;
    }
    // Object, Object
    case Kind.Dictionary:
    case Kind.Array:
      return lv === rv;
  }
  return false;
}
function toUpperSpecial(s) {
  const sb = [];
  let i = 0;
  const len = s.length;
  let found = s.indexOf("\u0131");
  while (i < len) {
    if (i < found) {
      sb.push(s.substring(i, found).toUpperCase());
      i = found;
    } else if (i == found) {
      sb.push(s.substring(i, i + 1));
      i += 1;
      found = s.indexOf("\u0131", i);
    } else {
      sb.push(s.substring(i).toUpperCase());
      break;
    }
  }
  return sb.join("");
}

// node_modules/@actions/expressions/dist/funcs/contains.js
var contains = {
  name: "contains",
  description: "`contains( search, item )`\n\nReturns `true` if `search` contains `item`. If `search` is an array, this function returns `true` if the `item` is an element in the array. If `search` is a string, this function returns `true` if the `item` is a substring of `search`. This function is not case sensitive. Casts values to a string.",
  minArgs: 2,
  maxArgs: 2,
  call: (...args) => {
    const left = args[0];
    const right = args[1];
    if (left.primitive) {
      const ls = left.coerceString();
      if (right.primitive) {
        const rs = right.coerceString();
        return new BooleanData(ls.toLowerCase().includes(rs.toLowerCase()));
      }
    } else if (left.kind === Kind.Array) {
      const la = left;
      if (la.values().length === 0) {
        return new BooleanData(false);
      }
      for (const v of la.values()) {
        if (equals(right, v)) {
          return new BooleanData(true);
        }
      }
    }
    return new BooleanData(false);
  }
};

// node_modules/@actions/expressions/dist/funcs/endswith.js
var endswith = {
  name: "endsWith",
  description: "`endsWith( searchString, searchValue )`\n\nReturns `true` if `searchString` ends with `searchValue`. This function is not case sensitive. Casts values to a string.",
  minArgs: 2,
  maxArgs: 2,
  call: (...args) => {
    const left = args[0];
    if (!left.primitive) {
      return new BooleanData(false);
    }
    const right = args[1];
    if (!right.primitive) {
      return new BooleanData(false);
    }
    const ls = toUpperSpecial(left.coerceString());
    const rs = toUpperSpecial(right.coerceString());
    return new BooleanData(ls.endsWith(rs));
  }
};

// node_modules/@actions/expressions/dist/funcs/format.js
var format = {
  name: "format",
  description: "`format( string, replaceValue0, replaceValue1, ..., replaceValueN)`\n\nReplaces values in the `string`, with the variable `replaceValueN`. Variables in the `string` are specified using the `{N}` syntax, where `N` is an integer. You must specify at least one `replaceValue` and `string`. There is no maximum for the number of variables (`replaceValueN`) you can use. Escape curly braces using double braces.",
  minArgs: 1,
  maxArgs: 255,
  call: (...args) => {
    const fs = args[0].coerceString();
    const result = [];
    let index = 0;
    while (index < fs.length) {
      const lbrace = fs.indexOf("{", index);
      const rbrace = fs.indexOf("}", index);
      if (lbrace >= 0 && (rbrace < 0 || rbrace > lbrace)) {
        if (safeCharAt(fs, lbrace + 1) === "{") {
          result.push(fs.substr(index, lbrace - index + 1));
          index = lbrace + 2;
          continue;
        }
        if (rbrace > lbrace + 1) {
          const argIndex = readArgIndex(fs, lbrace + 1);
          if (argIndex.success) {
            if (1 + argIndex.result > args.length - 1) {
              throw new Error(`The following format string references more arguments than were supplied: ${fs}`);
            }
            if (lbrace > index) {
              result.push(fs.substr(index, lbrace - index));
            }
            result.push(`${args[1 + argIndex.result].coerceString()}`);
            index = rbrace + 1;
            continue;
          }
        }
        throw new Error(`The following format string is invalid: ${fs}`);
      } else if (rbrace >= 0) {
        if (safeCharAt(fs, rbrace + 1) === "}") {
          result.push(fs.substr(index, rbrace - index + 1));
          index = rbrace + 2;
        } else {
          throw new Error(`The following format string is invalid: ${fs}`);
        }
      } else {
        result.push(fs.substr(index));
        break;
      }
    }
    return new StringData(result.join(""));
  }
};
function safeCharAt(string, index) {
  if (string.length > index) {
    return string[index];
  }
  return "\0";
}
function readArgIndex(string, startIndex) {
  let length = 0;
  for (; ; ) {
    const nextChar = safeCharAt(string, startIndex + length);
    if (nextChar >= "0" && nextChar <= "9") {
      length++;
    } else {
      break;
    }
  }
  if (length < 1) {
    return {
      success: false
    };
  }
  const endIndex = startIndex + length - 1;
  const result = parseInt(string.substr(startIndex, length));
  return {
    success: !isNaN(result),
    result,
    endIndex
  };
}

// node_modules/@actions/expressions/dist/funcs/fromjson.js
var fromjson = {
  name: "fromJson",
  description: "`fromJSON(value)`\n\nReturns a JSON object or JSON data type for `value`. You can use this function to provide a JSON object as an evaluated expression or to convert environment variables from a string.",
  minArgs: 1,
  maxArgs: 1,
  call: (...args) => {
    const input = args[0];
    const is = input.coerceString();
    if (is.trim() === "") {
      throw new Error("empty input");
    }
    try {
      return JSON.parse(is, reviver);
    } catch (e) {
      throw new ExpressionEvaluationError("Error parsing JSON when evaluating fromJson", { cause: e });
    }
  }
};

// node_modules/@actions/expressions/dist/funcs/join.js
var join = {
  name: "join",
  description: "`join( array, optionalSeparator )`\n\nThe value for `array` can be an array or a string. All values in `array` are concatenated into a string. If you provide `optionalSeparator`, it is inserted between the concatenated values. Otherwise, the default separator `,` is used. Casts values to a string.",
  minArgs: 1,
  maxArgs: 2,
  call: (...args) => {
    if (args[0].primitive) {
      return new StringData(args[0].coerceString());
    }
    if (args[0].kind === Kind.Array) {
      let separator = ",";
      if (args.length > 1 && args[1].primitive) {
        separator = args[1].coerceString();
      }
      return new StringData(args[0].values().map((item) => item.coerceString()).join(separator));
    }
    return new StringData("");
  }
};

// node_modules/@actions/expressions/dist/funcs/startswith.js
var startswith = {
  name: "startsWith",
  description: "`startsWith( searchString, searchValue )`\n\nReturns `true` when `searchString` starts with `searchValue`. This function is not case sensitive. Casts values to a string.",
  minArgs: 2,
  maxArgs: 2,
  call: (...args) => {
    const left = args[0];
    if (!left.primitive) {
      return new BooleanData(false);
    }
    const right = args[1];
    if (!right.primitive) {
      return new BooleanData(false);
    }
    const ls = toUpperSpecial(left.coerceString());
    const rs = toUpperSpecial(right.coerceString());
    return new BooleanData(ls.startsWith(rs));
  }
};

// node_modules/@actions/expressions/dist/funcs/tojson.js
var tojson = {
  name: "toJson",
  description: "`toJSON(value)`\n\nReturns a pretty-print JSON representation of `value`. You can use this function to debug the information provided in contexts.",
  minArgs: 1,
  maxArgs: 1,
  call: (...args) => {
    return new StringData(JSON.stringify(args[0], replacer, "  "));
  }
};

// node_modules/@actions/expressions/dist/funcs.js
var wellKnownFunctions = {
  case: caseFunc,
  contains,
  endswith,
  format,
  fromjson,
  join,
  startswith,
  tojson
};
function validateFunction(context, identifier, argCount) {
  const name = identifier.lexeme.toLowerCase();
  let f;
  f = wellKnownFunctions[name];
  if (!f) {
    f = context.extensionFunctions.get(name);
    if (!f) {
      if (!context.allowUnknownKeywords) {
        throw new ExpressionError(ErrorType.ErrorUnrecognizedFunction, identifier);
      }
      return;
    }
  }
  if (argCount < f.minArgs) {
    throw new ExpressionError(ErrorType.ErrorTooFewParameters, identifier);
  }
  if (argCount > f.maxArgs) {
    throw new ExpressionError(ErrorType.ErrorTooManyParameters, identifier);
  }
  if (name === "case" && argCount % 2 === 0) {
    throw new ExpressionError(ErrorType.ErrorEvenParameters, identifier);
  }
}

// node_modules/@actions/expressions/dist/parser.js
var Parser3 = class {
  /**
   * Constructs a new parser for the given tokens
   *
   * @param tokens Tokens to build a parse tree from
   * @param extensionContexts Available context names
   * @param extensionFunctions Available functions (beyond the built-in ones)
   */
  constructor(tokens, extensionContexts, extensionFunctions) {
    this.tokens = tokens;
    this.offset = 0;
    this.depth = 0;
    this.extContexts = /* @__PURE__ */ new Map();
    this.extFuncs = /* @__PURE__ */ new Map();
    for (const contextName of extensionContexts) {
      this.extContexts.set(contextName.toLowerCase(), true);
    }
    for (const { name, func } of extensionFunctions.map((x) => ({
      name: x.name,
      func: x
    }))) {
      this.extFuncs.set(name.toLowerCase(), func);
    }
    this.context = {
      allowUnknownKeywords: false,
      extensionContexts: this.extContexts,
      extensionFunctions: this.extFuncs
    };
  }
  parse() {
    let result;
    if (this.atEnd()) {
      return result;
    }
    result = this.expression();
    if (!this.atEnd()) {
      throw this.buildError(ErrorType.ErrorUnexpectedSymbol, this.peek());
    }
    return result;
  }
  expression() {
    this.incrDepth();
    try {
      return this.logicalOr();
    } finally {
      this.decrDepth();
    }
  }
  logicalOr() {
    let expr = this.logicalAnd();
    if (this.check(TokenType.OR)) {
      this.incrDepth();
      try {
        const logical = new Logical(this.peek(), [expr]);
        expr = logical;
        while (this.match(TokenType.OR)) {
          const right = this.logicalAnd();
          logical.args.push(right);
        }
      } finally {
        this.decrDepth();
      }
    }
    return expr;
  }
  logicalAnd() {
    let expr = this.equality();
    if (this.check(TokenType.AND)) {
      this.incrDepth();
      try {
        const logical = new Logical(this.peek(), [expr]);
        expr = logical;
        while (this.match(TokenType.AND)) {
          const right = this.equality();
          logical.args.push(right);
        }
      } finally {
        this.decrDepth();
      }
    }
    return expr;
  }
  equality() {
    let expr = this.comparison();
    while (this.match(TokenType.BANG_EQUAL, TokenType.EQUAL_EQUAL)) {
      const operator = this.previous();
      const right = this.comparison();
      expr = new Binary(expr, operator, right);
    }
    return expr;
  }
  comparison() {
    let expr = this.unary();
    while (this.match(TokenType.GREATER, TokenType.GREATER_EQUAL, TokenType.LESS, TokenType.LESS_EQUAL)) {
      const operator = this.previous();
      const right = this.unary();
      expr = new Binary(expr, operator, right);
    }
    return expr;
  }
  unary() {
    if (this.match(TokenType.BANG)) {
      this.incrDepth();
      const operator = this.previous();
      const unary = this.unary();
      try {
        return new Unary(operator, unary);
      } finally {
        this.decrDepth();
      }
    }
    return this.index();
  }
  index() {
    let expr = this.call();
    let depthIncreased = 0;
    if (expr instanceof Grouping || expr instanceof FunctionCall || expr instanceof ContextAccess) {
      let cont = true;
      while (cont) {
        switch (true) {
          case this.match(TokenType.LEFT_BRACKET): {
            let indexExpr;
            if (this.match(TokenType.STAR)) {
              indexExpr = new Star();
            } else {
              indexExpr = this.expression();
            }
            this.consume(TokenType.RIGHT_BRACKET, ErrorType.ErrorUnexpectedSymbol);
            this.incrDepth();
            depthIncreased++;
            expr = new IndexAccess(expr, indexExpr);
            break;
          }
          case this.match(TokenType.DOT):
            this.incrDepth();
            depthIncreased++;
            if (this.match(TokenType.IDENTIFIER)) {
              const property = this.previous();
              expr = new IndexAccess(expr, new Literal(new StringData(property.lexeme), property));
            } else if (this.match(TokenType.STAR)) {
              expr = new IndexAccess(expr, new Star());
            } else {
              throw this.buildError(ErrorType.ErrorUnexpectedSymbol, this.peek());
            }
            break;
          default:
            cont = false;
        }
      }
    }
    for (let i = 0; i < depthIncreased; i++) {
      this.decrDepth();
    }
    return expr;
  }
  call() {
    if (!this.check(TokenType.IDENTIFIER)) {
      return this.primary();
    }
    const identifier = this.next();
    if (!this.match(TokenType.LEFT_PAREN)) {
      if (!this.extContexts.has(identifier.lexeme.toLowerCase())) {
        throw this.buildError(ErrorType.ErrorUnrecognizedContext, identifier);
      }
      return new ContextAccess(identifier);
    }
    const args = [];
    while (!this.match(TokenType.RIGHT_PAREN)) {
      const aexp = this.expression();
      args.push(aexp);
      if (!this.check(TokenType.RIGHT_PAREN)) {
        this.consume(TokenType.COMMA, ErrorType.ErrorUnexpectedSymbol);
      }
    }
    validateFunction(this.context, identifier, args.length);
    return new FunctionCall(identifier, args);
  }
  primary() {
    switch (true) {
      case this.match(TokenType.FALSE):
        return new Literal(new BooleanData(false), this.previous());
      case this.match(TokenType.TRUE):
        return new Literal(new BooleanData(true), this.previous());
      case this.match(TokenType.NULL):
        return new Literal(new Null(), this.previous());
      case this.match(TokenType.NUMBER):
        return new Literal(new NumberData(this.previous().value), this.previous());
      case this.match(TokenType.STRING):
        return new Literal(new StringData(this.previous().value), this.previous());
      case this.match(TokenType.LEFT_PAREN): {
        const expr = this.expression();
        if (this.atEnd()) {
          throw this.buildError(ErrorType.ErrorUnexpectedEndOfExpression, this.previous());
        }
        this.consume(TokenType.RIGHT_PAREN, ErrorType.ErrorUnexpectedSymbol);
        return new Grouping(expr);
      }
      case this.atEnd():
        throw this.buildError(ErrorType.ErrorUnexpectedEndOfExpression, this.previous());
    }
    throw this.buildError(ErrorType.ErrorUnexpectedSymbol, this.peek());
  }
  // match consumes the next token if it matches any of the given types
  match(...tokenTypes) {
    for (const tokenType of tokenTypes) {
      if (this.check(tokenType)) {
        this.next();
        return true;
      }
    }
    return false;
  }
  // check peeks whether the next token is of the given type
  check(tokenType) {
    if (this.atEnd()) {
      return false;
    }
    return this.peek().type == tokenType;
  }
  // atEnd peeks whether the next token is EOF
  atEnd() {
    return this.peek().type == TokenType.EOF;
  }
  next() {
    if (!this.atEnd()) {
      this.offset++;
    }
    return this.previous();
  }
  peek() {
    return this.tokens[this.offset];
  }
  // previous returns the previous token
  previous() {
    return this.tokens[this.offset - 1];
  }
  // consume attempts to consume the next token if it matches the given type. It returns an error of
  // the given ParseErrorKind otherwise.
  consume(tokenType, errorType) {
    if (this.check(tokenType)) {
      this.next();
      return;
    }
    throw this.buildError(errorType, this.peek());
  }
  incrDepth() {
    this.depth++;
    if (this.depth > MAX_PARSER_DEPTH) {
      throw this.buildError(ErrorType.ErrorExceededMaxDepth, this.peek());
    }
  }
  decrDepth() {
    this.depth--;
  }
  buildError(errType, token) {
    return new ExpressionError(errType, token);
  }
};

// src/core/extract/github-actions/expression.ts
function findExpressions(text) {
  const spans = [];
  let from = 0;
  for (; ; ) {
    const start = text.indexOf("${{", from);
    if (start < 0) return spans;
    const bodyStart = start + 3;
    let i = bodyStart;
    let inString = false;
    let close = -1;
    while (i < text.length) {
      const c = text[i];
      if (inString) {
        if (c === "'") {
          if (text[i + 1] === "'") i += 1;
          else inString = false;
        }
      } else if (c === "'") {
        inString = true;
      } else if (c === "}" && text[i + 1] === "}") {
        close = i;
        break;
      }
      i += 1;
    }
    if (close < 0) {
      spans.push({ start, end: text.length, bodyStart, body: text.slice(bodyStart), closed: false });
      return spans;
    }
    spans.push({ start, end: close + 2, bodyStart, body: text.slice(bodyStart, close), closed: true });
    from = close + 2;
  }
}
var PLATFORM_TOKEN = "GITHUB_TOKEN";
function mayUseSecrets(text) {
  return /secrets|github/i.test(text);
}
function analyzeExpression(body) {
  let tokens;
  try {
    tokens = new Lexer(body).lex().tokens;
  } catch (error) {
    return { uses: scanWithoutLexer(body), error: messageOf(error) };
  }
  const bodyLineStarts = lineStarts(body);
  const offsetOf = (token) => (bodyLineStarts[token.range.start.line] ?? 0) + token.range.start.column;
  const contexts = /* @__PURE__ */ new Set();
  const functions = /* @__PURE__ */ new Map();
  tokens.forEach((token, i) => {
    if (token.type !== TokenType.IDENTIFIER) return;
    if (tokens[i - 1]?.type === TokenType.DOT) return;
    if (tokens[i + 1]?.type === TokenType.LEFT_PAREN) {
      functions.set(token.lexeme.toLowerCase(), { name: token.lexeme, minArgs: 0, maxArgs: Number.MAX_SAFE_INTEGER });
    } else {
      contexts.add(token.lexeme);
    }
  });
  try {
    const expr = new Parser3(tokens, [...contexts], [...functions.values()]).parse();
    const uses2 = [];
    if (expr !== void 0) collect2(expr, uses2, offsetOf);
    return { uses: uses2.sort((a, b2) => a.offset - b2.offset) };
  } catch (error) {
    return { uses: classifyTokens(tokens, offsetOf), error: messageOf(error) };
  }
}
function collect2(expr, out, offsetOf) {
  if (expr instanceof IndexAccess) {
    const target = expr.expr;
    if (target instanceof ContextAccess) {
      const context = target.name.lexeme.toLowerCase();
      const offset = offsetOf(target.name);
      const literal = literalName(expr.index);
      if (context === "secrets") {
        if (literal !== null) {
          out.push(
            literal.toUpperCase() === PLATFORM_TOKEN ? { kind: "platform", name: PLATFORM_TOKEN, offset, word: "secrets" } : { kind: "reference", name: literal, offset, word: "secrets" }
          );
        } else if (expr.index instanceof Star) {
          out.push({ kind: "overbroad", overbroad: "tojson", offset, word: "secrets" });
        } else {
          out.push({ kind: "overbroad", overbroad: "dynamic-index", offset, word: "secrets" });
          collect2(expr.index, out, offsetOf);
        }
        return;
      }
      if (context === "github" && literal !== null && literal.toLowerCase() === "token") {
        out.push({ kind: "platform", name: PLATFORM_TOKEN, offset, word: "github" });
        return;
      }
    }
    collect2(target, out, offsetOf);
    if (!(expr.index instanceof Star)) collect2(expr.index, out, offsetOf);
    return;
  }
  if (expr instanceof ContextAccess) {
    if (expr.name.lexeme.toLowerCase() === "secrets") {
      out.push({ kind: "overbroad", overbroad: "tojson", offset: offsetOf(expr.name), word: "secrets" });
    }
    return;
  }
  if (expr instanceof FunctionCall || expr instanceof Logical) {
    for (const arg of expr.args) collect2(arg, out, offsetOf);
    return;
  }
  if (expr instanceof Binary) {
    collect2(expr.left, out, offsetOf);
    collect2(expr.right, out, offsetOf);
    return;
  }
  if (expr instanceof Unary) {
    collect2(expr.expr, out, offsetOf);
    return;
  }
  if (expr instanceof Grouping) collect2(expr.group, out, offsetOf);
}
function literalName(index) {
  if (!(index instanceof Literal)) return null;
  if (index.token.type === TokenType.IDENTIFIER) return index.token.lexeme;
  if (index.token.type === TokenType.STRING && typeof index.token.value === "string") return index.token.value;
  return null;
}
function classifyTokens(tokens, offsetOf) {
  const uses2 = [];
  tokens.forEach((token, i) => {
    if (token.type !== TokenType.IDENTIFIER || tokens[i - 1]?.type === TokenType.DOT) return;
    const context = token.lexeme.toLowerCase();
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    const offset = offsetOf(token);
    const name = next?.type === TokenType.DOT && after?.type === TokenType.IDENTIFIER ? after.lexeme : next?.type === TokenType.LEFT_BRACKET && after?.type === TokenType.STRING && tokens[i + 3]?.type === TokenType.RIGHT_BRACKET ? String(after.value) : null;
    if (context === "secrets") {
      if (next?.type === TokenType.LEFT_PAREN) return;
      if (name !== null) {
        uses2.push(
          name.toUpperCase() === PLATFORM_TOKEN ? { kind: "platform", name: PLATFORM_TOKEN, offset, word: "secrets" } : { kind: "reference", name, offset, word: "secrets" }
        );
      } else if (next?.type === TokenType.LEFT_BRACKET && after?.type !== TokenType.STAR) {
        uses2.push({ kind: "overbroad", overbroad: "dynamic-index", offset, word: "secrets" });
      } else {
        uses2.push({ kind: "overbroad", overbroad: "tojson", offset, word: "secrets" });
      }
    } else if (context === "github" && name !== null && name.toLowerCase() === "token") {
      uses2.push({ kind: "platform", name: PLATFORM_TOKEN, offset, word: "github" });
    }
  });
  return uses2;
}
function scanWithoutLexer(body) {
  const uses2 = [];
  const pattern = /(?<![\w.-])(secrets|github)(?![\w-])\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'((?:[^']|'')*)'\s*\]|\[\s*"([^"]*)"\s*\]|(\[))?/gi;
  const strings = quotedRanges(body);
  for (const match of body.matchAll(pattern)) {
    if (strings.some(([from, to]) => from <= match.index && match.index < to)) continue;
    const context = (match[1] ?? "").toLowerCase();
    const name = match[2] ?? match[3]?.replaceAll("''", "'") ?? match[4] ?? null;
    const offset = match.index;
    if (context === "github") {
      if (name?.toLowerCase() === "token") uses2.push({ kind: "platform", name: PLATFORM_TOKEN, offset, word: "github" });
    } else if (name !== null) {
      uses2.push(
        name.toUpperCase() === PLATFORM_TOKEN ? { kind: "platform", name: PLATFORM_TOKEN, offset, word: "secrets" } : { kind: "reference", name, offset, word: "secrets" }
      );
    } else {
      uses2.push({ kind: "overbroad", overbroad: match[5] === void 0 ? "tojson" : "dynamic-index", offset, word: "secrets" });
    }
  }
  return uses2;
}
function quotedRanges(body) {
  const ranges = [];
  for (let i = body.indexOf("'"); i >= 0; ) {
    let j = i + 1;
    while (j < body.length && (body[j] !== "'" || body[j + 1] === "'")) j += body[j] === "'" ? 2 : 1;
    ranges.push([i, j + 1]);
    i = body.indexOf("'", j + 1);
  }
  return ranges;
}
function messageOf(error) {
  const message = error instanceof Error ? error.message : "unreadable expression";
  return (message.split(":")[0] ?? message).trim();
}

// src/core/extract/github-actions/placement.ts
var import_yaml8 = __toESM(require_dist(), 1);

// src/core/agents.ts
var AGENT_ACTIONS = [
  { action: "anthropics/claude-code-action", name: "Claude Code" },
  { action: "anthropics/claude-code-base-action", name: "Claude Code" },
  { action: "openai/codex-action", name: "OpenAI Codex" },
  { action: "google-github-actions/run-gemini-cli", name: "Gemini CLI" },
  { action: "sst/opencode/github", name: "opencode" },
  { action: "qodo-ai/pr-agent", name: "PR-Agent" },
  { action: "codium-ai/pr-agent", name: "PR-Agent" },
  { action: "coderabbitai/ai-pr-reviewer", name: "CodeRabbit AI PR reviewer" }
];
var AGENT_COMMANDS = [
  { command: "claude", name: "Claude Code" },
  { command: "@anthropic-ai/claude-code", name: "Claude Code" },
  { command: "codex", name: "OpenAI Codex" },
  { command: "@openai/codex", name: "OpenAI Codex" },
  { command: "gemini", name: "Gemini CLI" },
  { command: "@google/gemini-cli", name: "Gemini CLI" },
  { command: "aider", name: "Aider" },
  { command: "aider-chat", name: "Aider" },
  { command: "cursor-agent", name: "Cursor Agent" },
  { command: "opencode", name: "opencode", requires: /^run\b/ },
  { command: "opencode-ai", name: "opencode" },
  { command: "goose", name: "Goose", requires: /^(?:run|session)\b/ },
  { command: "copilot", name: "GitHub Copilot CLI", requires: /(?:^|\s)(?:-p|--prompt|--allow-all-tools)\b/ },
  { command: "@github/copilot", name: "GitHub Copilot CLI" },
  { command: "qwen", name: "Qwen Code" },
  { command: "@qwen-code/qwen-code", name: "Qwen Code" }
];
var ACTIONS_BY_NAME = new Map(AGENT_ACTIONS.map((row) => [row.action.toLowerCase(), row.name]));
var COMMANDS_BY_NAME = /* @__PURE__ */ new Map();
for (const row of AGENT_COMMANDS) COMMANDS_BY_NAME.set(row.command, [...COMMANDS_BY_NAME.get(row.command) ?? [], row]);
function agentOfAction(uses2) {
  const at = uses2.indexOf("@");
  const path = (at < 0 ? uses2 : uses2.slice(0, at)).trim().toLowerCase().replace(/\/+$/, "");
  return ACTIONS_BY_NAME.get(path);
}
var PREFIXES = /* @__PURE__ */ new Set(["sudo", "time", "exec", "env", "nohup", "command", "xvfb-run"]);
var RUNNERS = {
  npx: [],
  bunx: [],
  pnpx: [],
  uvx: [],
  "pnpm dlx": [],
  "yarn dlx": [],
  "npm exec": [],
  "pipx run": [],
  "bun x": []
};
var RUNNER_OPTIONS_WITH_VALUE = /* @__PURE__ */ new Set(["-p", "--package", "--from", "--with"]);
function agentOfScript(script) {
  if (!mentionsAgent(script)) return void 0;
  for (const segment of script.split(/\n|&&|\|\||;|\||\$\(|`/)) {
    const found = agentOfCommand(segment.trim().split(/\s+/).filter((word) => word !== ""));
    if (found !== void 0) return found;
  }
  return void 0;
}
var GATE = new RegExp(AGENT_COMMANDS.map((row) => row.command.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"));
function mentionsAgent(script) {
  return GATE.test(script);
}
function agentOfCommand(words) {
  let i = 0;
  while (i < words.length) {
    const word = words[i];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || PREFIXES.has(word) || word === "!" || word === "{" || word === "(") {
      i++;
      continue;
    }
    const pair = `${word} ${words[i + 1] ?? ""}`;
    const runner = RUNNERS[pair] !== void 0 ? 2 : RUNNERS[word] !== void 0 ? 1 : 0;
    if (runner > 0) {
      i += runner;
      while (i < words.length && words[i].startsWith("-")) {
        const option = words[i].split("=")[0];
        if (RUNNER_OPTIONS_WITH_VALUE.has(option) && !words[i].includes("=")) {
          const pkg2 = agentOfPackage(words[i + 1] ?? "");
          if (pkg2 !== void 0) return pkg2;
          i++;
        }
        i++;
      }
      const pkg = agentOfPackage(words[i] ?? "");
      return pkg ?? agentOfProgram(words.slice(i));
    }
    return agentOfProgram(words.slice(i));
  }
  return void 0;
}
function agentOfPackage(spec) {
  const name = spec.replace(/(?<=.)@[^/]*$/, "").replace(/[=<>~!].*$/, "");
  return (COMMANDS_BY_NAME.get(name) ?? []).find((row) => row.requires === void 0)?.name;
}
function agentOfProgram(words) {
  const [program, ...args] = words;
  if (program === void 0) return void 0;
  const base = program.replace(/^["']|["']$/g, "").replace(/^.*\//, "");
  const rest = args.join(" ");
  return (COMMANDS_BY_NAME.get(base) ?? []).find((row) => row.requires === void 0 || row.requires.test(rest))?.name;
}

// src/core/extract/github-actions/placement.ts
var MANUAL_CONDITION = /github\.event_name\s*==\s*['"]workflow_dispatch['"]/;
function isManualOnly(condition) {
  return condition !== void 0 && MANUAL_CONDITION.test(condition) && !condition.includes("||");
}
function readDocumentFacts(doc, isAction) {
  const resolve = (node) => ((0, import_yaml8.isAlias)(node) ? node.resolve(doc) : node) ?? null;
  const root = resolve(doc.contents);
  const jobs = /* @__PURE__ */ new Map();
  if (!(0, import_yaml8.isMap)(root)) return { jobs, actionSteps: [] };
  const readSteps = (node) => (0, import_yaml8.isSeq)(node) ? node.items.map((item) => {
    const step = resolve(item);
    const offset = step?.range?.[0] ?? 0;
    if (!(0, import_yaml8.isMap)(step)) return { offset };
    const uses2 = stringAt(resolve(step.get("uses", true)));
    const run = stringAt(resolve(step.get("run", true)));
    const agent2 = (uses2 === void 0 ? void 0 : agentOfAction(uses2)) ?? (run === void 0 ? void 0 : agentOfScript(run));
    const manualOnly = isManualOnly(stringAt(resolve(step.get("if", true))));
    return { offset, ...uses2 === void 0 ? {} : { uses: uses2 }, ...agent2 === void 0 ? {} : { agent: agent2 }, ...manualOnly ? { manualOnly } : {} };
  }) : [];
  const jobsNode = resolve(root.get("jobs", true));
  if ((0, import_yaml8.isMap)(jobsNode)) {
    for (const pair of jobsNode.items) {
      const job = resolve(pair.value);
      if (!(0, import_yaml8.isScalar)(pair.key) || !(0, import_yaml8.isMap)(job)) continue;
      const steps = readSteps(resolve(job.get("steps", true)));
      const environment = resolve(job.get("environment", true));
      const named = stringAt((0, import_yaml8.isMap)(environment) ? resolve(environment.get("name", true)) : environment);
      const environmentName = named === void 0 || named.includes("${{") ? void 0 : named;
      const uses2 = stringAt(resolve(job.get("uses", true)));
      const agent2 = steps.find((step) => step.agent !== void 0)?.agent;
      const manualOnly = isManualOnly(stringAt(resolve(job.get("if", true))));
      jobs.set(String(pair.key.value), {
        ...manualOnly ? { manualOnly } : {},
        environment: environment !== null && !((0, import_yaml8.isScalar)(environment) && (environment.value === null || environment.value === "")),
        ...environmentName === void 0 ? {} : { environmentName },
        ...uses2 === void 0 ? {} : { uses: uses2 },
        offset: job.range?.[0] ?? 0,
        steps,
        ...agent2 === void 0 ? {} : { agent: agent2 }
      });
    }
  }
  const runs = resolve(root.get("runs", true));
  const actionSteps = isAction && (0, import_yaml8.isMap)(runs) ? readSteps(resolve(runs.get("steps", true))) : [];
  const agent = [...[...jobs.values()].map((job) => job.agent), ...actionSteps.map((step) => step.agent)].find((a) => a !== void 0);
  const triggers = isAction ? void 0 : readTriggers(resolve(root.get("on", true)), resolve);
  return { ...triggers === void 0 ? {} : { triggers }, jobs, actionSteps, ...agent === void 0 ? {} : { agent } };
}
function readTriggers(node, resolve) {
  if ((0, import_yaml8.isScalar)(node) && typeof node.value === "string") return [node.value];
  if ((0, import_yaml8.isSeq)(node)) return node.items.map((item) => stringAt(resolve(item))).filter((name) => name !== void 0);
  if ((0, import_yaml8.isMap)(node)) return node.items.map((pair) => stringAt(resolve(pair.key))).filter((name) => name !== void 0);
  return [];
}
function stringAt(node) {
  return (0, import_yaml8.isScalar)(node) && typeof node.value === "string" ? node.value : void 0;
}
var STEP_INPUTS = /* @__PURE__ */ new Set(["with", "env", "run"]);
function placementOf(facts, route, locate) {
  const triggers = facts.triggers === void 0 ? {} : { triggers: facts.triggers };
  const [a, b2, c, d, e, f] = route;
  if (a === "env") return { ...triggers, ...facts.agent === void 0 ? {} : { agent: facts.agent } };
  if (a === "runs" && b2 === "steps" && typeof c === "number") {
    return { ...triggers, ...stepPlacement(facts.actionSteps[c], d, e, locate) };
  }
  if (a !== "jobs" || typeof b2 !== "string") return Object.keys(triggers).length > 0 ? triggers : void 0;
  const job = facts.jobs.get(b2);
  const base = { ...triggers, ...job?.environment ? { jobEnvironment: true } : {}, ...job?.manualOnly ? { manualOnly: true } : {} };
  if (job === void 0) return base;
  if (c === "steps" && typeof d === "number") return { ...base, ...stepPlacement(job.steps[d], e, f, locate) };
  if (c === "env") return { ...base, ...job.agent === void 0 ? {} : { agent: job.agent } };
  if ((c === "with" || c === "secrets") && job.uses !== void 0) {
    return { ...base, uses: job.uses, ...typeof d === "string" ? { input: d } : {}, stepLocation: locate(job.offset) };
  }
  return base;
}
function stepPlacement(step, field, key, locate) {
  if (step === void 0 || typeof field !== "string" || !STEP_INPUTS.has(field)) return {};
  return {
    ...step.manualOnly ? { manualOnly: true } : {},
    ...step.uses !== void 0 && field !== "run" ? { uses: step.uses } : {},
    ...field === "with" && typeof key === "string" ? { input: key } : {},
    ...step.agent === void 0 ? {} : { agent: step.agent },
    stepLocation: locate(step.offset)
  };
}

// src/core/extract/github-actions/route.ts
function formatRoute(route) {
  let out = "";
  for (const segment of route) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z0-9_$-][A-Za-z0-9_$-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
function isConditionRoute(route) {
  const [a, b2, c, d, e] = route;
  if (a === "jobs" && typeof b2 === "string") {
    if (route.length === 3) return c === "if";
    return route.length === 5 && c === "steps" && typeof d === "number" && e === "if";
  }
  return route.length === 4 && a === "runs" && b2 === "steps" && typeof c === "number" && d === "if";
}

// src/core/extract/github-actions/text-scan.ts
var import_yaml9 = __toESM(require_dist(), 1);
var MARKERS = /* @__PURE__ */ new Set(["", "", ""]);
function commentRanges(text) {
  const ranges = [];
  let offset = 0;
  for (const token of new import_yaml9.Lexer().lex(text)) {
    if (MARKERS.has(token)) continue;
    if (token.startsWith("#") && !token.includes("\n")) ranges.push([offset, offset + token.length]);
    offset += token.length;
  }
  return ranges;
}
function inRanges(ranges, offset) {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = lo + hi >> 1;
    const range = ranges[mid];
    if (range === void 0) return false;
    if (offset < range[0]) hi = mid - 1;
    else if (offset >= range[1]) lo = mid + 1;
    else return true;
  }
  return false;
}
function guessRoute(lines, line, column) {
  const route = [];
  let indent = column;
  for (let i = line; i >= 0 && indent > 0; i -= 1) {
    const text = lines[i] ?? "";
    const match = /^(\s*)(-\s+)?(?:(["']?)([^"'#:\s][^:#]*?)\3\s*:(?:\s|$))?/.exec(text);
    if (match === null || text.trim() === "" || text.trimStart().startsWith("#")) continue;
    const lead = match[1]?.length ?? 0;
    const keyIndent = lead + (match[2]?.length ?? 0);
    if (i === line) {
      if (match[4] !== void 0 && keyIndent < column) {
        route.unshift(match[4]);
        indent = keyIndent;
      }
      if (match[2] !== void 0 && lead < column) {
        route.unshift(countItems(lines, i, lead));
        indent = lead;
      }
      continue;
    }
    if (match[4] !== void 0 && keyIndent < indent) {
      route.unshift(match[4]);
      indent = keyIndent;
    }
    if (match[2] !== void 0 && lead < indent) {
      route.unshift(countItems(lines, i, lead));
      indent = lead;
    }
  }
  return route;
}
function countItems(lines, line, lead) {
  let index = 0;
  for (let i = line - 1; i >= 0; i -= 1) {
    const text = lines[i] ?? "";
    if (text.trim() === "" || text.trimStart().startsWith("#")) continue;
    const indent = text.length - text.trimStart().length;
    if (indent < lead) break;
    if (indent === lead && text.trimStart().startsWith("-")) index += 1;
    else if (indent === lead) break;
  }
  return index;
}

// src/core/extract/github-actions.ts
var WORKFLOW_PATH = /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;
var ACTION_PATH = /(?:^|\/)action\.ya?ml$/;
var SECRETS_CONTEXT = "secrets";
var GITHUB_CONTEXT = "github";
var SECRETS_GATE = textGate([SECRETS_CONTEXT], { ignoreCase: true });
var GITHUB_GATE = textGate([GITHUB_CONTEXT], { ignoreCase: true });
var TOKEN_GATE = textGate(["token"], { ignoreCase: true });
function mayReferenceSecrets(text) {
  return SECRETS_GATE(text) || GITHUB_GATE(text) && TOKEN_GATE(text);
}
function skippable(text) {
  if (mayReferenceSecrets(text) || !looksLikeCleanYaml(text)) return false;
  for (let at = text.indexOf("${{"); at >= 0; at = text.indexOf("${{", at + 3)) {
    const end = text.indexOf("\n", at);
    if (findExpressions(text.slice(at, end < 0 ? text.length : end)).some((span) => !span.closed)) return false;
  }
  return true;
}
var githubActions = {
  id: "github-actions",
  description: "GitHub Actions workflows and action metadata: secrets.X / secrets['X'] in any expression, github.token, secrets: inherit, toJSON(secrets), secrets[expr] and on.workflow_call secret declarations",
  matches(path) {
    return WORKFLOW_PATH.test(path) || ACTION_PATH.test(path);
  },
  extract(file) {
    if (skippable(file.text)) return { refs: [], diagnostics: [] };
    const collector = new Collector(file);
    try {
      collector.run();
    } catch (error) {
      collector.diagnose(0, `Internal error while reading this file as GitHub Actions YAML (${error instanceof Error ? error.message : String(error)}); references after this point may be missing. Please report this file to the secretowners maintainers.`);
    }
    return collector.result();
  }
};
var Collector = class {
  constructor(file) {
    this.file = file;
    this.isAction = !WORKFLOW_PATH.test(file.path);
  }
  file;
  refs = [];
  diagnostics = [];
  seen = /* @__PURE__ */ new Set();
  /** Found on the first location asked for. */
  lineStarts;
  /** Source ranges of the scalars the YAML pass read; the text pass leaves them alone. */
  scanned = [];
  /** The document being walked; its facts are read on the first reference found in it. */
  doc = null;
  facts = null;
  isAction;
  run() {
    const text = this.file.text;
    const documents = fastParseAll(text) ?? (0, import_yaml10.parseAllDocuments)(text, { uniqueKeys: false, strict: false, prettyErrors: false });
    let broken = false;
    for (const doc of documents) {
      const first = doc.errors[0];
      if (first !== void 0) {
        broken = true;
        const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more YAML errors)` : "";
        this.diagnose(
          first.pos[0],
          `Invalid YAML: ${first.message.split("\n")[0] ?? first.code}${more}. GitHub cannot run this file; fix the YAML syntax. Secrets after the error were found by a text scan, so their routes are approximate.`
        );
      }
      this.doc = doc;
      this.facts = null;
      this.walk(doc.contents, []);
    }
    if (broken) this.recoverFromText();
  }
  result() {
    const byPlace = (a, b2) => a.location.line - b2.location.line || a.location.column - b2.location.column;
    return { refs: [...this.refs].sort(byPlace), diagnostics: this.diagnostics };
  }
  diagnose(offset, message) {
    this.diagnostics.push({ source: "github-actions", location: this.locate(offset), message });
  }
  walk(node, route) {
    if (node === null || node === void 0 || (0, import_yaml10.isAlias)(node)) return;
    if ((0, import_yaml10.isScalar)(node)) {
      this.scanScalar(node, route);
      return;
    }
    if ((0, import_yaml10.isSeq)(node)) {
      node.items.forEach((item, index) => this.walk(item, [...route, index]));
      return;
    }
    if (!(0, import_yaml10.isMap)(node)) return;
    for (const pair of node.items) {
      const key = pair.key;
      const value = pair.value;
      if (!(0, import_yaml10.isScalar)(key)) {
        this.walk(value, route);
        continue;
      }
      const name = String(key.value);
      const here = [...route, name];
      if (isDeclarationRoute(route)) {
        this.add({ kind: "declaration", name, offset: keyNameOffset(key), route: here });
      } else if (name === "secrets" && isJobRoute(route) && (0, import_yaml10.isScalar)(value) && value.value === "inherit") {
        this.add({ kind: "overbroad", name: null, overbroad: "inherit", offset: keyNameOffset(key), route: here });
        continue;
      }
      this.walk(value, name === "<<" ? route : here);
    }
  }
  scanScalar(node, route) {
    const value = node.value;
    const range = node.range;
    if (typeof value !== "string" || range === void 0 || range === null) return;
    this.scanned.push([range[0], range[1]]);
    if (!mayUseSecrets(value)) return;
    const bare = isConditionRoute(route) && !value.includes("${{");
    const spans = bare ? [{ bodyStart: 0, body: value, closed: true, start: 0 }] : findExpressions(value);
    let raw;
    for (const span of spans) {
      if (!span.closed) {
        raw ??= scalarSource2(this.file.text, node.type, range);
        const at = mapOffset(value, span.start, "${{", raw) ?? range[0];
        this.diagnose(at, "Unclosed `${{` expression: GitHub rejects this value. Add the missing `}}`.");
      }
      if (!mayUseSecrets(span.body)) continue;
      const analysis = analyzeExpression(span.body);
      if (analysis.error !== void 0 && analysis.uses.length > 0) {
        raw ??= scalarSource2(this.file.text, node.type, range);
        const at = mapOffset(value, span.start, "${{", raw) ?? range[0];
        this.diagnose(at, `GitHub cannot parse this expression (${firstLine(analysis.error)}); the secrets in it were read from its tokens. Fix the expression.`);
      }
      raw ??= scalarSource2(this.file.text, node.type, range);
      for (const use of analysis.uses) {
        const exact = mapOffset(value, span.bodyStart + use.offset, use.word, raw);
        this.addUse(use, exact ?? range[0], route, exact === void 0 ? `~${span.bodyStart + use.offset}` : "");
      }
    }
  }
  addUse(use, offset, route, discriminator = "") {
    if (use.kind === "overbroad") this.add({ kind: "overbroad", name: null, overbroad: use.overbroad, offset, route, discriminator });
    else this.add({ kind: use.kind, name: use.name, offset, route, discriminator });
  }
  add(found) {
    const key = `${found.offset}${found.discriminator ?? ""}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const facts = this.facts ??= this.doc === null ? { jobs: /* @__PURE__ */ new Map(), actionSteps: [] } : readDocumentFacts(this.doc, this.isAction);
    const jobId = found.route[0] === "jobs" && typeof found.route[1] === "string" ? found.route[1] : void 0;
    const environment = jobId === void 0 ? void 0 : facts.jobs.get(jobId)?.environmentName;
    const workflow = placementOf(facts, found.route, (offset) => this.locate(offset));
    this.refs.push({
      system: "github-actions",
      kind: found.kind,
      name: found.name,
      ...found.overbroad === void 0 ? {} : { overbroad: found.overbroad },
      location: this.locate(found.offset),
      route: formatRoute(found.route),
      ...environment === void 0 ? {} : { environment },
      ...workflow === void 0 ? {} : { workflow }
    });
  }
  /**
   * The text pass for broken YAML: every `${{ }}` the YAML pass did not read, outside YAML
   * comments, plus bare `if:` lines. Positions are exact (this is the source itself); routes are
   * reconstructed from indentation.
   */
  recoverFromText() {
    const text = this.file.text;
    const comments = commentRanges(text);
    const lines = text.split("\n");
    const covered = (start, end) => this.scanned.some(([from, to]) => from <= start && end <= to);
    const routeAt = (offset) => {
      const { line, column } = this.lineColumn(offset);
      return guessRoute(lines, line - 1, column - 1);
    };
    for (const span of findExpressions(text)) {
      if (!mayUseSecrets(span.body) || inRanges(comments, span.start) || covered(span.start, span.end)) continue;
      for (const use of analyzeExpression(span.body).uses) {
        const offset = span.bodyStart + use.offset;
        this.addUse(use, offset, routeAt(offset));
      }
    }
    const condition = /^([ \t]*(?:-[ \t]+)?)if[ \t]*:[ \t]*(.*)$/gm;
    for (const match of text.matchAll(condition)) {
      const body = (match[2] ?? "").replace(/\s+#.*$/, "");
      const start = match.index + (match[0].length - (match[2] ?? "").length);
      if (body.includes("${{") || !mayUseSecrets(body) || inRanges(comments, match.index + (match[1] ?? "").length)) continue;
      if (covered(start, start + body.length)) continue;
      const route = routeAt(start);
      if (!isConditionRoute(route)) continue;
      for (const use of analyzeExpression(body).uses) this.addUse(use, start + use.offset, route);
    }
  }
  lineColumn(offset) {
    return positionAt(this.lineStarts ??= lineStarts(this.file.text), offset);
  }
  locate(offset) {
    return { file: this.file.path, ...this.lineColumn(offset) };
  }
};
function isJobRoute(route) {
  return route.length === 2 && route[0] === "jobs" && typeof route[1] === "string";
}
function isDeclarationRoute(route) {
  return route.length === 3 && route[0] === "on" && route[1] === "workflow_call" && route[2] === "secrets";
}
function keyNameOffset(key) {
  const start = key.range?.[0] ?? 0;
  return key.type === "QUOTE_DOUBLE" || key.type === "QUOTE_SINGLE" ? start + 1 : start;
}
function scalarSource2(text, type, range) {
  let start = range[0];
  if (type === "BLOCK_LITERAL" || type === "BLOCK_FOLDED") {
    const newline = text.indexOf("\n", start);
    start = newline < 0 || newline >= range[1] ? range[1] : newline + 1;
  }
  return { start, text: text.slice(start, range[1]) };
}
function mapOffset(value, valueOffset, word, raw) {
  const inValue = occurrences(value, word);
  const inSource = occurrences(raw.text, word);
  const k = inValue.indexOf(valueOffset);
  const found = inSource[k];
  if (k < 0 || inValue.length !== inSource.length || found === void 0) return void 0;
  return raw.start + found;
}
function occurrences(text, word) {
  const lower = text.toLowerCase();
  const found = [];
  for (let i = lower.indexOf(word); i >= 0; i = lower.indexOf(word, i + word.length)) found.push(i);
  return found;
}
function firstLine(message) {
  return message.split("\n")[0] ?? message;
}

// src/core/extract/gitlab-ci.ts
var import_yaml11 = __toESM(require_dist(), 1);
var PLATFORM_TOKENS2 = /* @__PURE__ */ new Set([
  "CI_JOB_TOKEN",
  "CI_JOB_JWT",
  "CI_JOB_JWT_V1",
  "CI_JOB_JWT_V2",
  "CI_REGISTRY_PASSWORD",
  "CI_DEPENDENCY_PROXY_PASSWORD",
  "CI_DEPLOY_PASSWORD"
]);
var PREDEFINED_GITLAB = /* @__PURE__ */ new Set(["GITLAB_CI", "GITLAB_FEATURES", "GITLAB_ENV"]);
var DEFINING_KEYS = /* @__PURE__ */ new Set(["variables", "secrets", "id_tokens"]);
function classifyGitlabVariable(name) {
  if (PLATFORM_TOKENS2.has(name)) return "platform";
  if (name.startsWith("CI_") || name === "CI") return "ignore";
  if (PREDEFINED_GITLAB.has(name) || name.startsWith("GITLAB_USER_")) return "ignore";
  if (name.startsWith("KUBECONFIG") || name === "TRIGGER_PAYLOAD" || name.startsWith("CHAT_")) return "ignore";
  return "secret";
}
var SECRETS_KEYWORD = "secrets";
var GITLAB_GATE = textGate([SECRETS_KEYWORD, SHELL_VAR_SIGIL]);
var gitlabCi = {
  id: "gitlab-ci",
  description: "GitLab CI/CD: `secrets:` (Vault, Azure Key Vault, GCP Secret Manager) and undefined credential-like `$VARIABLES`",
  matches(path) {
    if (!isYamlPath(path)) return false;
    const base = baseName(path);
    return base === ".gitlab-ci.yml" || base.endsWith(".gitlab-ci.yml") || /\/\.gitlab\/ci\/.*\.ya?ml$/.test(slashed(path));
  },
  extract(file) {
    if (!GITLAB_GATE(file.text)) return { refs: [], diagnostics: [] };
    const { docs, pos, diagnostics } = parseYaml(file, "gitlab-ci");
    const refs = [];
    for (const doc of docs) {
      walkYaml(doc.contents, "", (node, route, key) => {
        if (key === null || String(key.value) !== SECRETS_KEYWORD || !(0, import_yaml11.isMap)(node) || route === SECRETS_KEYWORD) return;
        for (const pair of node.items) {
          if (!(0, import_yaml11.isScalar)(pair.key)) continue;
          const name = String(pair.key.value);
          refs.push(ref("gitlab-ci", "reference", name, scalarLocation(file.path, pos, pair.key), joinRoute(route, name)));
        }
      });
    }
    refs.push(
      ...scanEnvVarRefs(file, docs, pos, {
        system: "gitlab-ci",
        definesVariables: (key, route) => DEFINING_KEYS.has(key) || /\.matrix\[\d+\]$/.test(route),
        classify: classifyGitlabVariable
      })
    );
    return { refs: byPosition(refs), diagnostics };
  }
};

// src/core/extract/helm.ts
var import_yaml12 = __toESM(require_dist(), 1);
var EXISTING_SECRET_KEYS = ["existingSecret", "existingSecretName", "secretName", "existingSecretRef"];
var EXISTING_SECRET_SUFFIXES = ["SecretName", "ExistingSecret"];
var PULL_SECRETS_KEY = "imagePullSecrets";
var EXISTING_SECRET_KEY = new RegExp(
  `^(?:${EXISTING_SECRET_KEYS.map(escapeRegExp).join("|")}|[A-Za-z0-9]+(?:${EXISTING_SECRET_SUFFIXES.map(escapeRegExp).join("|")}))$`
);
var HELM_VALUES_GATE = textGate([...EXISTING_SECRET_KEYS, ...EXISTING_SECRET_SUFFIXES, PULL_SECRETS_KEY]);
var NAME_PARENTS = /* @__PURE__ */ new Set(["secretKeyRef", "secretRef", "imagePullSecrets", "secret"]);
var SECRET_NAME_KEY = "secretName";
var LOOKUP = "lookup";
var TEMPLATE_KEYS = [SECRET_NAME_KEY, ...NAME_PARENTS];
var KEYS_SHARE = "ecret";
var HELM_TEMPLATE_GATE = textGate([...NAME_PARENTS, SECRET_NAME_KEY, LOOKUP]);
var helm = {
  id: "helm",
  description: "Helm charts: existing Secrets named in values files, Secret references and lookups in templates",
  matches(path) {
    if (!isYamlPath(path) && !/\.tpl$/i.test(path)) return false;
    if (/^values([.-][^/]*)?\.ya?ml$/i.test(baseName(path))) return true;
    return /\/templates\/.*\.(ya?ml|tpl)$/i.test(slashed(path));
  },
  extract(file) {
    if (/\/templates\//.test(slashed(file.path))) return extractTemplate(file);
    if (!valuesMayHaveRefs(file.text)) return { refs: [], diagnostics: [] };
    const { docs, pos, diagnostics } = parseYaml(file, "helm");
    const refs = [];
    for (const doc of docs) {
      walkYaml(doc.contents, "", (node, route, key) => {
        if (key === null) return;
        const k = String(key.value);
        if (EXISTING_SECRET_KEY.test(k) && (0, import_yaml12.isScalar)(node)) {
          if (typeof node.value === "string" && node.value.trim() !== "" && !node.value.includes("{{")) {
            refs.push(ref("helm", "reference", node.value, scalarLocation(file.path, pos, node), route));
          }
        } else if (k === PULL_SECRETS_KEY && (0, import_yaml12.isSeq)(node)) {
          node.items.forEach((item, i) => {
            const n = (0, import_yaml12.isMap)(item) ? mapGet(item, "name") : item;
            if ((0, import_yaml12.isScalar)(n) && typeof n.value === "string" && n.value !== "" && !n.value.includes("{{")) {
              refs.push(ref("helm", "reference", n.value, scalarLocation(file.path, pos, n), `${route}[${i}]`));
            }
          });
        }
      });
    }
    return { refs: byPosition(refs), diagnostics };
  }
};
function valuesMayHaveRefs(text) {
  if (text.includes("\\")) return HELM_VALUES_GATE(text);
  const tokens = HELM_VALUES_GATE.tokens.map((token) => ({ token, mark: token.indexOf(KEYS_SHARE) }));
  for (let from = 0; ; ) {
    const hit = text.indexOf(KEYS_SHARE, from);
    if (hit < 0) return false;
    from = hit + KEYS_SHARE.length;
    if (!tokens.some(({ token, mark }) => hit >= mark && text.startsWith(token, hit - mark))) continue;
    const start = text.lastIndexOf("\n", hit) + 1;
    const newline = text.indexOf("\n", hit);
    const end = newline < 0 ? text.length : newline;
    if (!inertValuesLine(text.slice(start, end))) return true;
    from = end + 1;
  }
}
var KEY_LINE = /^[ ]*(?:-[ ]+)*([A-Za-z0-9_][A-Za-z0-9_./-]*)[ ]*:(?:[ ]+(.*))?$/;
function inertValuesLine(line) {
  if (/^[ \t]*#/.test(line)) return true;
  const m = KEY_LINE.exec(line.endsWith("\r") ? line.slice(0, -1) : line);
  if (m === null) return false;
  const key = m[1];
  const rest = (m[2] ?? "").replace(/(?:^|[ \t]+)#.*$/, "").trim();
  if (EXISTING_SECRET_KEY.test(key)) return rest === '""' || rest === "''";
  if (key === PULL_SECRETS_KEY) return rest === "[]";
  if (rest === "") return true;
  if (/^[-?:](?: |$)/.test(rest)) return false;
  if (/^["']/.test(rest)) return /^(?:"[^"\\]*"|'[^']*')$/.test(rest);
  return /^[^[\]{}&*!|>%@`#]/.test(rest) && !/: |:$|[{}[\]]/.test(rest);
}
function extractTemplate(file) {
  const refs = [];
  if (!HELM_TEMPLATE_GATE(file.text)) return { refs, diagnostics: [] };
  if (!/\{\{-?[^}]*(\.Values|\.Release|\.Chart|\binclude\s|\btemplate\s|\blookup\s)/.test(file.text)) return { refs, diagnostics: [] };
  const text = file.text.includes("/*") ? blankTemplateComments(file.text) : file.text;
  if (!templateMayNameSecret(text)) return { refs, diagnostics: [] };
  return { refs: byPosition(templateRefs(file.path, text, refs)), diagnostics: [] };
}
function templateRefs(path, text, refs = []) {
  const pos = positioner(text);
  const at = (offset) => locationAt(path, pos, offset);
  const stack = [];
  for (let lineOffset = 0; lineOffset <= text.length; ) {
    const newline = text.indexOf("\n", lineOffset);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineOffset, lineEnd);
    const here = lineOffset;
    lineOffset = lineEnd + 1;
    if (line.includes(LOOKUP)) lookups(at, line, here, stack, refs);
    const m = templateKeyLine(line);
    if (m === null) continue;
    const { indent, key, raw } = m;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]?.key;
    stack.push({ indent, key });
    if (!(key === SECRET_NAME_KEY || key === "name" && parent !== void 0 && NAME_PARENTS.has(parent))) continue;
    const value = literalTemplateName(raw);
    if (value === null || raw === void 0) continue;
    const col = line.indexOf(raw) + (raw.startsWith('"') || raw.startsWith("'") ? 1 : 0);
    refs.push(ref("helm", "reference", value, at(here + col), stack.map((s) => s.key).join(".")));
  }
  return refs;
}
var TEMPLATE_KEY_LINE = /^(\s*)(- +)?([A-Za-z0-9_.-]+):(?:\s+(.*?))?\s*$/;
function templateKeyLine(line) {
  const m = TEMPLATE_KEY_LINE.exec(line);
  if (m === null) return null;
  return { indent: m[1].length + (m[2] ?? "").length, key: m[3], raw: m[4] };
}
function literalTemplateName(raw) {
  if (raw === void 0 || raw === "" || raw.startsWith("#")) return null;
  const value = unquote(raw.replace(/\s+#.*$/, ""));
  if (value === null || /\{\{|\$[({]/.test(value) || value === "") return null;
  return value;
}
function templateMayNameSecret(text) {
  const common = KEYS_SHARE;
  for (let hit = text.indexOf(common); hit >= 0; hit = text.indexOf(common, hit + common.length)) {
    if (text.startsWith(LOOKUP_SECRET_KIND, hit - 2) && text.includes(LOOKUP)) return true;
    let keyStart = hit;
    while (keyStart > 0 && isTemplateKeyChar(text.charCodeAt(keyStart - 1))) keyStart--;
    let keyEnd2 = hit + common.length;
    while (isTemplateKeyChar(text.charCodeAt(keyEnd2))) keyEnd2++;
    if (text.charCodeAt(keyEnd2) !== 58) continue;
    const key = text.slice(keyStart, keyEnd2);
    if (!TEMPLATE_KEYS.includes(key)) continue;
    const start = text.lastIndexOf("\n", keyStart) + 1;
    const newline = text.indexOf("\n", keyEnd2);
    const end = newline < 0 ? text.length : newline;
    const m = templateKeyLine(text.slice(start, end));
    if (m === null || m.key !== key) continue;
    if (key === SECRET_NAME_KEY ? literalTemplateName(m.raw) !== null : namesLiteralChild(text, end + 1, m.indent)) return true;
  }
  return false;
}
function isTemplateKeyChar(c) {
  return c >= 97 && c <= 122 || c >= 65 && c <= 90 || c >= 48 && c <= 57 || c === 95 || c === 46 || c === 45;
}
function namesLiteralChild(text, from, indent) {
  const open = [];
  for (let lineOffset = from; lineOffset <= text.length; ) {
    const newline = text.indexOf("\n", lineOffset);
    const lineEnd = newline < 0 ? text.length : newline;
    const m = templateKeyLine(text.slice(lineOffset, lineEnd));
    lineOffset = lineEnd + 1;
    if (m === null) continue;
    if (m.indent <= indent) return false;
    while (open.length > 0 && open[open.length - 1] >= m.indent) open.pop();
    if (open.length === 0 && m.key === "name" && literalTemplateName(m.raw) !== null) return true;
    open.push(m.indent);
  }
  return false;
}
function blankTemplateComments(text) {
  return text.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, (comment) => comment.replace(/[^\n]/g, " "));
}
var LOOKUP_SECRET_KIND = '"Secret"';
var LOOKUP_SECRET2 = new RegExp(String.raw`\b${LOOKUP}\s+"v1"\s+${LOOKUP_SECRET_KIND}(?=\s)`, "g");
function lookups(at, line, lineOffset, stack, refs) {
  const re = LOOKUP_SECRET2;
  re.lastIndex = 0;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    const namespace = templateOperand(line, m.index + m[0].length);
    const name = namespace === null ? null : templateOperand(line, namespace.end);
    if (name === null) continue;
    const offset = lineOffset + name.start;
    const route = [...stack.map((s) => s.key), LOOKUP].join(".");
    if (name.text === '""') refs.push(ref("helm", "overbroad", null, at(offset), route, { overbroad: "inherit" }));
    else if (/^"(?:[^"\\{}]|\\.)*"$/.test(name.text)) refs.push(ref("helm", "reference", name.text.slice(1, -1), at(offset + 1), route));
    else refs.push(ref("helm", "overbroad", null, at(offset), route, { overbroad: "dynamic-index" }));
  }
}
function templateOperand(line, from) {
  let i = from;
  while (line[i] === " " || line[i] === "	") i++;
  const start = i;
  const first = line[i];
  if (first === void 0 || first === ")" || first === "}" || first === "|") return null;
  if (first === '"' || first === "`") {
    for (i++; i < line.length && line[i] !== first; i++) if (first === '"' && line[i] === "\\") i++;
    if (i >= line.length) return null;
    i++;
  } else if (first === "(") {
    let depth = 0;
    for (; i < line.length; i++) {
      const ch = line[i];
      if (ch === '"' || ch === "`") {
        const close = templateOperand(line, i);
        if (close === null) return null;
        i = close.end - 1;
      } else if (ch === "(") depth++;
      else if (ch === ")" && --depth === 0) break;
    }
    if (i >= line.length) return null;
    i++;
  } else {
    while (i < line.length && !/[\s()}|]/.test(line[i])) i++;
  }
  return { text: line.slice(start, i), start, end: i };
}
function unquote(raw) {
  const v = raw.trim();
  if (v.startsWith('"') || v.startsWith("'")) return v.length >= 2 && v.endsWith(v[0]) ? v.slice(1, -1) : null;
  if (v.startsWith("{") || v.startsWith("[") || v.startsWith("|") || v.startsWith(">")) return null;
  return v;
}

// src/core/extract/jenkins.ts
var IDENT_START = /[A-Za-z_$]/;
var IDENT_PART = /[A-Za-z0-9_$]/;
function slashIsDivision(prev) {
  if (prev === void 0) return false;
  if (prev.type === "ident" || prev.type === "string" || prev.type === "other") return true;
  return prev.value === ")" || prev.value === "]" || prev.value === "}";
}
function lexGroovy(text) {
  const tokens = [];
  const problems = [];
  let i = 0;
  if (text.startsWith("#!")) i = text.indexOf("\n") === -1 ? text.length : text.indexOf("\n");
  const push = (type, value, start, contentStart = start, dynamic = false) => tokens.push({ type, value, start, contentStart, dynamic });
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (text.startsWith("//", i)) {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? text.length : nl;
      continue;
    }
    if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      if (end === -1) {
        problems.push({ offset: i, message: "Unterminated /* comment: everything after it was skipped. Close it with */." });
        break;
      }
      i = end + 2;
      continue;
    }
    if (c === "'" || c === '"') {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const contentStart = i + quote.length;
      let j = contentStart;
      let value = "";
      let closed = false;
      while (j < text.length) {
        if (text[j] === "\\") {
          value += text[j + 1] ?? "";
          j += 2;
          continue;
        }
        if (text.startsWith(quote, j)) {
          closed = true;
          break;
        }
        if (!triple && text[j] === "\n") break;
        value += text[j];
        j++;
      }
      if (!closed) {
        problems.push({ offset: i, message: `Unterminated string starting with ${quote}: the rest of the line was skipped. Close the string.` });
        i = j;
        continue;
      }
      const raw = text.slice(contentStart, j);
      const dynamic = c === '"' && /(^|[^\\])\$[{A-Za-z_]/.test(raw);
      push("string", value, i, contentStart, dynamic);
      i = j + quote.length;
      continue;
    }
    if (c === "$" && text[i + 1] === "/") {
      const end = text.indexOf("/$", i + 2);
      const stop = end === -1 ? text.length : end + 2;
      push("string", text.slice(i + 2, end === -1 ? text.length : end), i, i + 2, true);
      i = stop;
      continue;
    }
    if (c === "/" && !slashIsDivision(tokens[tokens.length - 1])) {
      let j = i + 1;
      while (j < text.length && text[j] !== "/" && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      if (text[j] === "/") {
        push("string", text.slice(i + 1, j), i, i + 1, true);
        i = j + 1;
        continue;
      }
      push("punct", c, i);
      i++;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j])) j++;
      push("ident", text.slice(i, j), i);
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[0-9A-Za-z_.]/.test(text[j])) j++;
      push("other", text.slice(i, j), i);
      i = j;
      continue;
    }
    push("punct", c, i);
    i++;
  }
  return { tokens, problems };
}
var ID_KEYS = /* @__PURE__ */ new Set(["credentialsId", "credentials", "credentialId", "sshCredentialsId", "tokenCredentialId", "registryCredentialsId"]);
var jenkins = {
  id: "jenkins",
  description: "Jenkins pipelines: credentials ids in credentials(), withCredentials bindings, sshagent, git and docker.withRegistry",
  matches(path) {
    if (!/jenkinsfile|\.groovy$/i.test(path)) return false;
    const base = baseName(path).toLowerCase();
    return base === "jenkinsfile" || base.startsWith("jenkinsfile.") || base.endsWith(".jenkinsfile") || base.endsWith(".groovy");
  },
  extract(file) {
    const pos = positioner(file.text);
    const { tokens, problems } = lexGroovy(file.text);
    const diagnostics = problems.map((p) => ({ source: "jenkins", location: locationAt(file.path, pos, p.offset), message: p.message }));
    const refs = [];
    const stack = [];
    let lastClosed = null;
    const route = (leaf) => joinRoute(stack.map((f) => f.label).filter((l) => l !== null).join("."), leaf);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const prev = tokens[i - 1];
      const next = tokens[i + 1];
      if (t.type === "punct" && (t.value === "(" || t.value === "{" || t.value === "[")) {
        let label = null;
        if (t.value === "(" && prev?.type === "ident") label = callLabel(prev.value, next);
        else if (t.value === "{" && prev?.type === "ident") label = prev.value;
        else if (t.value === "{" && isPunct(prev, ")")) label = lastClosed;
        else if (t.value === "[" && next?.value === "$class" && isPunct(tokens[i + 2], ":") && tokens[i + 3]?.type === "string") label = tokens[i + 3].value;
        stack.push({ open: t.value, label });
        continue;
      }
      if (t.type === "punct" && (t.value === ")" || t.value === "}" || t.value === "]")) {
        const frame = stack.pop();
        lastClosed = frame?.label ?? null;
        continue;
      }
      if (t.type !== "ident") continue;
      if (t.value === "credentials" && isPunct(next, "(") && !isPunct(prev, ".")) {
        const leaf = isPunct(prev, "=") && tokens[i - 2]?.type === "ident" ? tokens[i - 2].value : "credentials";
        idArgument(file, pos, tokens, i + 2, route(leaf), refs, [")", ","]);
        continue;
      }
      if (ID_KEYS.has(t.value) && isPunct(next, ":") && (isPunct(prev, "(") || isPunct(prev, ",") || isPunct(prev, "[") || prev?.type === "ident")) {
        const valueAt = i + 2;
        const leaf = joinRoute(commandName(file.text, tokens, i, stack) ?? "", t.value);
        if (isPunct(tokens[valueAt], "[")) listArgument(file, pos, tokens, valueAt, route(leaf), refs);
        else idArgument(file, pos, tokens, valueAt, route(leaf), refs, [")", ",", "]", "}"]);
        continue;
      }
      if (t.value === "sshagent" && isPunct(next, "(") && isPunct(tokens[i + 2], "[")) {
        listArgument(file, pos, tokens, i + 2, route("sshagent"), refs);
        continue;
      }
      if (t.value === "withRegistry" && isPunct(prev, ".") && isPunct(next, "(")) {
        const comma = topLevelComma(tokens, i + 2);
        if (comma !== -1) idArgument(file, pos, tokens, comma + 1, route("withRegistry"), refs, [")", ","]);
      }
    }
    return { refs: byPosition(refs), diagnostics };
  }
};
function commandName(text, tokens, at, stack) {
  const top = stack[stack.length - 1];
  if (top !== void 0 && top.open !== "{") return null;
  const lineStart = text.lastIndexOf("\n", tokens[at].start) + 1;
  let k = at - 1;
  while (k > 0 && tokens[k - 1].start >= lineStart) k--;
  const first = tokens[k];
  return first !== void 0 && k < at && first.type === "ident" && first.start >= lineStart ? first.value : null;
}
function callLabel(name, next) {
  return name === "stage" && next?.type === "string" && !next.dynamic ? `stage(${next.value})` : name;
}
function idArgument(file, pos, tokens, at, route, refs, ends) {
  const t = tokens[at];
  if (t === void 0) return;
  const after = tokens[at + 1];
  if (t.type === "string" && !t.dynamic && (after === void 0 || after.type === "punct" && ends.includes(after.value))) {
    refs.push(ref("jenkins", "reference", t.value, locationAt(file.path, pos, t.contentStart), route));
    return;
  }
  refs.push(ref("jenkins", "overbroad", null, locationAt(file.path, pos, t.start), route, { overbroad: "dynamic-index" }));
}
function listArgument(file, pos, tokens, open, route, refs) {
  let index = 0;
  let at = open + 1;
  while (at < tokens.length && !isPunct(tokens[at], "]")) {
    idArgument(file, pos, tokens, at, joinRoute(route, index), refs, ["]", ","]);
    index++;
    let depth = 0;
    while (at < tokens.length) {
      const v = punctValue(tokens[at]);
      if (v === "(" || v === "[" || v === "{") depth++;
      else if (v === ")" || v === "]" || v === "}") {
        if (depth === 0) break;
        depth--;
      } else if (v === "," && depth === 0) {
        at++;
        break;
      }
      at++;
    }
  }
}
function topLevelComma(tokens, from) {
  let depth = 0;
  for (let k = from; k < tokens.length; k++) {
    const v = punctValue(tokens[k]);
    if (v === "(" || v === "[" || v === "{") depth++;
    else if (v === ")" || v === "]" || v === "}") {
      if (depth === 0) return -1;
      depth--;
    } else if (v === "," && depth === 0) return k;
  }
  return -1;
}
function punctValue(t) {
  return t?.type === "punct" ? t.value : null;
}
function isPunct(t, v) {
  return punctValue(t) === v;
}

// src/core/extract/kubernetes.ts
var import_yaml13 = __toESM(require_dist(), 1);
var DETECTOR = "kubernetes-secret-literal";
var KEY = {
  secretKeyRef: "secretKeyRef",
  secretRef: "secretRef",
  volumeSecret: "secret",
  secretName: "secretName",
  imagePullSecrets: "imagePullSecrets",
  serviceAccountSecrets: "secrets",
  remoteRef: "remoteRef"
};
var SECRET_KIND = "Secret";
var KUBERNETES_GATE = textGate([...Object.values(KEY), SECRET_KIND]);
var NOT_MANIFESTS = [/\/\.github\//, /\/\.gitlab-ci\.ya?ml$/, /\/\.circleci\//, /\/bitbucket-pipelines\.yml$/, /\/(docker-)?compose[^/]*\.ya?ml$/, /\/Chart\.ya?ml$/, /\/values[^/]*\.ya?ml$/, /\/templates\//, /\/(group_vars|host_vars|tasks|handlers)\//];
var kubernetes = {
  id: "kubernetes",
  description: "Kubernetes manifests: Secrets referenced by workloads, and Secret manifests with literal values",
  matches(path) {
    if (!isYamlPath(path)) return false;
    const p = slashed(path);
    return !NOT_MANIFESTS.some((re) => re.test(p)) && !/^azure-pipelines/i.test(baseName(path));
  },
  extract(file) {
    if (!/^apiVersion\s*:/m.test(file.text) || !/^kind\s*:/m.test(file.text)) return { refs: [], diagnostics: [] };
    if (!KUBERNETES_GATE(file.text)) return { refs: [], diagnostics: [] };
    const text = withoutInertDocuments(file.text);
    if (text === null) return { refs: [], diagnostics: [] };
    const { docs, pos, diagnostics } = parseYaml(text === file.text ? file : { path: file.path, text }, "kubernetes");
    const refs = [];
    const literals = [];
    for (const doc of docs) {
      const root = doc.contents;
      const kind = scalarText(mapGet(root, "kind"));
      if (kind === null || scalarText(mapGet(root, "apiVersion")) === null) continue;
      const name = scalarText(mapGet(mapGet(root, "metadata"), "name"));
      const prefix = `${kind}/${name ?? "?"}`;
      if (kind === SECRET_KIND) secretManifest2(file, pos, root, prefix, refs, literals);
      else workloadRefs(file, pos, root, prefix, refs);
      if (kind === "List") {
        const items = mapGet(root, "items");
        if ((0, import_yaml13.isSeq)(items)) items.items.forEach((item, i) => {
          if (scalarText(mapGet(item, "kind")) === SECRET_KIND) secretManifest2(file, pos, item, `${prefix}.items[${i}]`, refs, literals);
        });
      }
    }
    return { refs: byPosition(refs), diagnostics, literals: byPosition(literals) };
  }
};
var INERT_KINDS = /* @__PURE__ */ new Set([
  "CustomResourceDefinition",
  "ConfigMap",
  "Namespace",
  "Service",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  "PriorityClass",
  "PodDisruptionBudget",
  "NetworkPolicy",
  "LimitRange",
  "ResourceQuota",
  "HorizontalPodAutoscaler"
]);
var TOP_LEVEL_KIND = /kind[ \t]*:[ \t]*["']?([A-Za-z0-9]+)["']?[ \t]*(?:#.*)?\r?$/my;
var DOCUMENT_START = /---[ \t]*(?:#.*)?\r?$/my;
function lineStartMatches(text, word, line) {
  const found = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    const before = text.charCodeAt(at - 1);
    if (at > 0 && before !== 10 && before !== 13 && before !== 8232 && before !== 8233) continue;
    line.lastIndex = at;
    const m = line.exec(text);
    if (m !== null) found.push(m);
  }
  return found;
}
function withoutInertDocuments(text) {
  const kinds = lineStartMatches(text, "kind", TOP_LEVEL_KIND);
  if (!kinds.some((m) => INERT_KINDS.has(m[1]))) return text;
  const starts = [0, ...lineStartMatches(text, "---", DOCUMENT_START).map((m) => m.index).filter((at) => at > 0)];
  let blanked = 0;
  const kept = [];
  let k = 0;
  for (let d = 0; d < starts.length; d++) {
    const from = starts[d];
    const to = starts[d + 1] ?? text.length;
    while (k < kinds.length && kinds[k]?.index < from) k++;
    const kind = k < kinds.length && kinds[k]?.index < to ? kinds[k]?.[1] : void 0;
    if (kind !== void 0 && INERT_KINDS.has(kind)) {
      blanked++;
      kept.push("\n".repeat(countNewlines(text, from, to)));
    } else {
      kept.push(text.slice(from, to));
    }
  }
  if (blanked === starts.length) return null;
  return kept.join("");
}
function countNewlines(text, from, to) {
  let count = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) count++;
  return count;
}
function nameRef(file, pos, node, route, refs) {
  if (!(0, import_yaml13.isScalar)(node) || typeof node.value !== "string" || node.value === "" || /\{\{|\$\{|\$\(/.test(node.value)) return;
  refs.push(ref("kubernetes", "reference", node.value, scalarLocation(file.path, pos, node), route));
}
function workloadRefs(file, pos, root, prefix, refs) {
  walkYaml(root, "", (node, route, key) => {
    const k = key === null ? null : String(key.value);
    const at = (r) => `${prefix}:${r}`;
    if (k === KEY.secretKeyRef && (0, import_yaml13.isMap)(node)) {
      const secretKey2 = scalarText(mapGet(node, "key"));
      nameRef(file, pos, mapGet(node, "name"), at(secretKey2 === null ? route : `${route}[${secretKey2}]`), refs);
    } else if (k === KEY.secretRef && (0, import_yaml13.isMap)(node)) {
      nameRef(file, pos, mapGet(node, "name"), at(route), refs);
    } else if (k === KEY.volumeSecret && (0, import_yaml13.isMap)(node) && /\.(volumes\[\d+\]|sources\[\d+\])\.secret$/.test(`.${route}`)) {
      nameRef(file, pos, mapGet(node, "secretName") ?? mapGet(node, "name"), at(route), refs);
    } else if (k === KEY.secretName && (0, import_yaml13.isScalar)(node) && !/\.secret$/.test(route.slice(0, route.lastIndexOf(".")))) {
      nameRef(file, pos, node, at(route), refs);
    } else if ((k === KEY.imagePullSecrets || k === KEY.serviceAccountSecrets && prefix.startsWith("ServiceAccount/")) && (0, import_yaml13.isSeq)(node)) {
      node.items.forEach((item, i) => nameRef(file, pos, (0, import_yaml13.isMap)(item) ? mapGet(item, "name") : item, at(`${route}[${i}]`), refs));
    } else if (k === KEY.remoteRef && (0, import_yaml13.isMap)(node)) {
      nameRef(file, pos, mapGet(node, "key"), at(route), refs);
    }
  });
}
function secretManifest2(file, pos, root, prefix, refs, literals) {
  const nameNode = mapGet(mapGet(root, "metadata"), "name");
  if ((0, import_yaml13.isScalar)(nameNode) && typeof nameNode.value === "string" && nameNode.value !== "") {
    refs.push(ref("kubernetes", "declaration", nameNode.value, scalarLocation(file.path, pos, nameNode), `${prefix}:metadata.name`));
  }
  for (const field of ["data", "stringData"]) {
    for (const pair of mapPairs(mapGet(root, field))) {
      if (!(0, import_yaml13.isScalar)(pair.key) || !(0, import_yaml13.isScalar)(pair.value)) continue;
      const raw = scalarText(pair.value);
      if (raw === null) continue;
      const value = field === "data" ? decodeBase64(raw) : raw;
      if (value === null) continue;
      literals.push({
        detector: DETECTOR,
        location: scalarLocation(file.path, pos, pair.value),
        value,
        key: String(pair.key.value),
        description: `Kubernetes Secret with a literal value in ${field}: anyone who can read the repository can read it`,
        raw
      });
    }
  }
}
function decodeBase64(raw) {
  const compact = raw.replace(/\s+/g, "");
  if (compact === "") return null;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return compact;
  return Buffer.from(compact, "base64").toString("utf8");
}

// src/core/extract/terraform.ts
function lexHcl(text) {
  const tokens = [];
  const problems = [];
  const blanked = [];
  const blank = (from, to) => {
    if (from < to) blanked.push(from, to);
  };
  const push = (type, value, start, end, contentStart = start, interpolated = false) => tokens.push({ type, value, start, end, contentStart, interpolated });
  const skipInterpolation = (at) => {
    let depth = 0;
    let k = at + 1;
    while (k < text.length) {
      const ch = text[k];
      if (ch === "{") depth++;
      else if (ch === "}") {
        depth--;
        if (depth === 0) return k + 1;
      } else if (ch === '"') {
        const after = scanString(k);
        k = (after < 0 ? -after - 1 : after) - 1;
      }
      k++;
    }
    return text.length;
  };
  const scanString = (at) => {
    let k = at + 1;
    let literalFrom = k;
    while (k < text.length && text[k] !== '"' && text[k] !== "\n") {
      if (text[k] === "\\") k += 2;
      else if ((text[k] === "$" || text[k] === "%") && text[k + 1] === "{" && text[k - 1] !== text[k]) {
        blank(literalFrom, k);
        k = skipInterpolation(k);
        literalFrom = k;
      } else k++;
    }
    blank(literalFrom, k);
    return text[k] === '"' ? k + 1 : -k - 1;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\n") {
      push("newline", "\n", i, i + 1);
      i++;
      continue;
    }
    if (isSpace2(text.charCodeAt(i))) {
      i++;
      continue;
    }
    if (c === "#" || text.startsWith("//", i)) {
      const nl = text.indexOf("\n", i);
      const end = nl === -1 ? text.length : nl;
      blank(i, end);
      i = end;
      continue;
    }
    if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      const end = close === -1 ? text.length : close + 2;
      if (close === -1) problems.push({ offset: i, message: "Unterminated /* comment: the rest of the file was skipped. Close it with */." });
      blank(i, end);
      i = end;
      continue;
    }
    if (c === '"') {
      const after = scanString(i);
      if (after < 0) {
        const stop = -after - 1;
        problems.push({ offset: i, message: "Unterminated string: a quoted string must close on the same line. Add the closing quote." });
        i = stop;
        continue;
      }
      const raw = text.slice(i + 1, after - 1);
      push("string", unescape(raw), i, after, i + 1, /(^|[^$])\$\{|(^|[^%])%\{/.test(raw));
      i = after;
      continue;
    }
    const heredoc = c === "<" && text[i + 1] === "<" ? /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200)) : null;
    if (heredoc !== null) {
      const marker = heredoc[1];
      const contentStart = i + heredoc[0].length;
      const closeRe = new RegExp(`^[ \\t]*${marker}[ \\t]*\\r?$`, "m");
      const rest = text.slice(contentStart);
      const close = closeRe.exec(rest);
      if (close === null) {
        problems.push({ offset: i, message: `Unterminated heredoc: no line with just ${marker} closes it. Add the closing marker.` });
        blank(contentStart, text.length);
        i = text.length;
        continue;
      }
      const content = rest.slice(0, close.index);
      const end = contentStart + close.index + close[0].length;
      push("heredoc", content.replace(/\r?\n$/, ""), i, end, contentStart, /\$\{|%\{/.test(content));
      let k = contentStart;
      let from = k;
      while (k < contentStart + content.length) {
        if (text[k] === "$" && text[k + 1] === "{") {
          blank(from, k);
          k = skipInterpolation(k);
          from = k;
        } else k++;
      }
      blank(from, contentStart + content.length);
      i = end;
      continue;
    }
    if (isIdentStart(text.charCodeAt(i))) {
      let j = i + 1;
      while (j < text.length && isIdentPart(text.charCodeAt(j))) j++;
      push("ident", text.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (isDigit2(text.charCodeAt(i))) {
      let j = i + 1;
      while (j < text.length && isNumberPart(text.charCodeAt(j))) j++;
      push("number", text.slice(i, j), i, j);
      i = j;
      continue;
    }
    push("punct", c, i, i + 1);
    i++;
  }
  return { tokens, code: blankedText(text, blanked), problems };
}
function blankedText(text, pairs) {
  if (pairs.length === 0) return text;
  let ranges = [];
  for (let k = 0; k < pairs.length; k += 2) ranges.push([pairs[k], pairs[k + 1]]);
  if (ranges.some((r, k) => k > 0 && r[0] < ranges[k - 1][1])) ranges = ranges.sort((a, b2) => a[0] - b2[0]);
  const parts = [];
  let at = 0;
  let past = 0;
  for (const [from, to] of ranges) {
    if (to <= at) continue;
    const start = Math.max(from, at);
    parts.push(text.slice(at, start));
    const segment = text.slice(start, to);
    parts.push(segment.includes("\n") ? segment.replace(/[^\n]/g, " ") : " ".repeat(segment.length));
    past += Math.max(0, to - Math.max(start, text.length));
    at = to;
  }
  parts.push(text.slice(at), " ".repeat(past));
  return parts.join("");
}
function isSpace2(c) {
  return c >= 9 && c <= 13 || c === 32 || c === 160 || c === 5760 || c >= 8192 && c <= 8202 || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}
function isIdentStart(c) {
  return c >= 97 && c <= 122 || c >= 65 && c <= 90 || c === 95;
}
function isIdentPart(c) {
  return isIdentStart(c) || isDigit2(c) || c === 45;
}
function isDigit2(c) {
  return c >= 48 && c <= 57;
}
function isNumberPart(c) {
  return isDigit2(c) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}
function unescape(raw) {
  return raw.replace(/\\(["\\nrt])/g, (_, ch) => ({ n: "\n", r: "\r", t: "	" })[ch] ?? ch);
}
function parseBlocks(tokens, problems, textLength) {
  const top = [];
  const stack = [];
  let i = 0;
  const skipNewlines = () => {
    while (tokens[i]?.type === "newline") i++;
  };
  while (i < tokens.length) {
    skipNewlines();
    const t = tokens[i];
    if (t === void 0) break;
    if (t.type === "punct" && t.value === "}") {
      const closed = stack.pop();
      if (closed === void 0) problems.push({ offset: t.start, message: "Unexpected }: there is no block to close here. Remove it or add the missing block header." });
      else closed.end = t.end;
      i++;
      continue;
    }
    if (t.type === "ident" && tokens[i + 1]?.value === "=" && tokens[i + 1]?.type === "punct") {
      let j = i + 2;
      let depth = 0;
      const value = [];
      while (j < tokens.length) {
        const v = tokens[j];
        if (v.type === "newline" && depth === 0) break;
        if (v.type === "punct" && (v.value === "(" || v.value === "[" || v.value === "{")) depth++;
        if (v.type === "punct" && (v.value === ")" || v.value === "]" || v.value === "}")) {
          if (depth === 0) break;
          depth--;
        }
        if (v.type !== "newline") value.push(v);
        j++;
      }
      const parent = stack[stack.length - 1];
      const attr = { name: t.value, nameStart: t.start, value, start: t.start, end: value[value.length - 1]?.end ?? t.end };
      if (parent !== void 0) parent.attributes.push(attr);
      else top.push({ type: "", labels: [], attributes: [attr], children: [], start: t.start, end: attr.end, route: "" });
      i = j;
      continue;
    }
    if (t.type === "ident") {
      let j = i + 1;
      const labels = [];
      while (tokens[j]?.type === "string" || tokens[j]?.type === "ident") labels.push(tokens[j++]);
      if (tokens[j]?.type === "punct" && tokens[j]?.value === "{") {
        const parent = stack[stack.length - 1];
        const route = [parent?.route, t.value, ...labels.map((l) => l.value)].filter((p) => p !== void 0 && p !== "").join(".");
        const block = { type: t.value, labels, attributes: [], children: [], start: t.start, end: textLength, route };
        if (parent !== void 0) parent.children.push(block);
        else top.push(block);
        stack.push(block);
        i = j + 1;
        continue;
      }
    }
    while (i < tokens.length && tokens[i]?.type !== "newline" && !(tokens[i]?.type === "punct" && tokens[i]?.value === "}")) i++;
  }
  for (const open of stack) problems.push({ offset: open.start, message: `Block ${open.route || open.type} is never closed: add the missing }.` });
  return top;
}
var PROVIDER_CREDENTIAL_KEYS = /* @__PURE__ */ new Set([
  "api_token",
  "token",
  "access_key",
  "secret_key",
  "client_secret",
  "password",
  "api_key",
  "secret",
  "private_key",
  "client_certificate_password",
  "auth_token",
  "access_token",
  "client_secret_value",
  "app_secret",
  "api_secret",
  "oauth_token",
  "credentials",
  "session_token",
  "admin_password"
]);
var IDENTITY_PROVIDERS = /* @__PURE__ */ new Set([
  "okta",
  "azuread",
  "azurerm",
  "auth0",
  "vault",
  "aws",
  "google",
  "googleworkspace",
  "keycloak",
  "onelogin",
  "jumpcloud",
  "pingone",
  "pingidentity",
  "onepassword",
  "bitwarden",
  "cyberark",
  "hcp",
  "boundary",
  "ad",
  "activedirectory",
  "ldap",
  "authentik",
  "zitadel",
  "github"
]);
var SECRET_DATA_SOURCES = {
  aws_secretsmanager_secret_version: ["secret_id"],
  aws_secretsmanager_secret: ["name", "arn"],
  aws_ssm_parameter: ["name"],
  vault_generic_secret: ["path"],
  vault_kv_secret: ["path"],
  vault_kv_secret_v2: ["name"],
  azurerm_key_vault_secret: ["name"],
  google_secret_manager_secret_version: ["secret"],
  google_secret_manager_secret_version_access: ["secret"],
  onepassword_item: ["title", "uuid"]
};
var PARAMETER_STORES = /* @__PURE__ */ new Set(["aws_ssm_parameter"]);
function namesSecretParameter(name) {
  return isCredentialName(name.split("/").filter((segment) => segment !== "").pop() ?? "");
}
var terraform = {
  id: "terraform",
  description: "Terraform: sensitive variables and their uses, literal provider credentials, secret-manager data sources",
  matches(path) {
    return /\.(tf|tfvars)$/i.test(path);
  },
  extract(file) {
    const pos = positioner(file.text);
    const { tokens, code, problems } = lexHcl(file.text);
    const blocks = parseBlocks(tokens, problems, file.text.length);
    const diagnostics = problems.map((p) => ({ source: "terraform", location: locationAt(file.path, pos, p.offset), message: p.message }));
    const refs = [];
    const literals = [];
    const at = (offset) => locationAt(file.path, pos, offset);
    const variables = /* @__PURE__ */ new Map();
    const plainDeclarations = [];
    const all = flatten(blocks);
    for (const b2 of all) {
      const label = b2.labels[0];
      if (b2.type === "variable" && label !== void 0 && b2.route === `variable.${label.value}`) {
        const sensitive = b2.attributes.some((a) => a.name === "sensitive" && a.value.length === 1 && a.value[0]?.value === "true");
        variables.set(label.value, sensitive);
        if (sensitive) refs.push(ref("terraform", "declaration", label.value, at(label.contentStart), `variable.${label.value}`));
        else plainDeclarations.push({ system: "terraform", name: label.value, file: file.path });
      }
      if (b2.route.startsWith("provider.")) {
        const provider = providerName(b2);
        for (const a of b2.attributes) providerCredential(file, pos, provider, b2, a, literals);
      }
      if (b2.type === "data" && label !== void 0 && b2.labels[1] !== void 0) {
        const keys = SECRET_DATA_SOURCES[label.value];
        for (const a of b2.attributes) {
          if (keys === void 0 || !keys.includes(a.name)) continue;
          const v = a.value[0];
          if (v === void 0) continue;
          const route = `${b2.route}.${a.name}`;
          const literal = a.value.length === 1 && v.type === "string" && !v.interpolated && v.value !== "";
          if (PARAMETER_STORES.has(label.value) && !(literal && namesSecretParameter(v.value))) continue;
          const readsFrom = literal ? void 0 : /^data\.([a-z0-9_]+)\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.(?:id|arn|name)$/.exec(file.text.slice(v.start, a.end).trim())?.[1];
          if (readsFrom !== void 0 && SECRET_DATA_SOURCES[readsFrom] !== void 0) continue;
          refs.push(literal ? ref("terraform", "reference", v.value, at(v.contentStart), route) : ref("terraform", "overbroad", null, at(v.start), route, { overbroad: "dynamic-index" }));
        }
      }
    }
    const scopes = all.flatMap((b2) => b2.attributes.map((a) => ({ start: a.start, end: a.end, route: b2.route === "" ? a.name : `${b2.route}.${a.name}` })));
    const candidates = [];
    const presumed = [];
    for (const m of code.matchAll(/(?<![A-Za-z0-9_.-])var\.([A-Za-z_][A-Za-z0-9_-]*)/g)) {
      const name = m[1];
      const sensitive = variables.get(name);
      if (sensitive === false) continue;
      const offset = m.index + 4;
      let scope;
      for (const s of scopes) if (s.start <= offset && offset < s.end && (scope === void 0 || s.end - s.start < scope.end - scope.start)) scope = s;
      const use = ref("terraform", "reference", name, at(offset), scope?.route ?? "var");
      if (sensitive === true) refs.push(use);
      else if (readsAsSecretValue(name)) presumed.push(use);
      else candidates.push(use);
    }
    return {
      refs: byPosition(refs),
      diagnostics,
      literals: byPosition(literals),
      ...candidates.length > 0 ? { candidates: byPosition(candidates) } : {},
      ...presumed.length > 0 ? { presumed: byPosition(presumed) } : {},
      ...plainDeclarations.length > 0 ? { plainDeclarations } : {}
    };
  }
};
var SETTING_FIRST_WORDS = /* @__PURE__ */ new Set(["CREATE", "MANAGE", "ENABLE", "ENABLED", "USE", "IS", "HAS", "SKIP", "ALLOW", "DISABLE", "ROTATE", "GENERATE"]);
var SETTING_LAST_WORDS = /* @__PURE__ */ new Set([
  "ID",
  "IDS",
  "ARN",
  "ARNS",
  "NAME",
  "NAMES",
  "IDENTIFIER",
  "ALIAS",
  "ALIASES",
  "DAYS",
  "HOURS",
  "SECONDS",
  "DURATION",
  "PERIOD",
  "WINDOW",
  "EXPRESSION",
  "SCHEDULE",
  "ROTATION",
  "IMMEDIATELY",
  "USERS",
  "ADMINS",
  "ROLES",
  "PRINCIPALS",
  "POLICY",
  "POLICIES",
  "COUNT",
  "SIZE",
  "SPEC",
  "ALGORITHM",
  "USAGE",
  "ENABLED",
  "DISABLED",
  "ARGS",
  "TAGS",
  "PATH",
  "LOCATION"
]);
var PUBLIC_CERT_WORDS = /* @__PURE__ */ new Set(["CERT", "CERTS", "CERTIFICATE", "CERTIFICATES", "CA"]);
function readsAsSecretValue(name) {
  if (!isCredentialName(name)) return false;
  const words = nameWords(name);
  if (SETTING_FIRST_WORDS.has(words[0]) || SETTING_LAST_WORDS.has(words[words.length - 1])) return false;
  const credentialWords = words.filter((word) => isCredentialName(word));
  return !credentialWords.every((word) => PUBLIC_CERT_WORDS.has(word));
}
function flatten(blocks) {
  return blocks.flatMap((b2) => [b2, ...flatten(b2.children)]);
}
function providerName(b2) {
  return b2.route.split(".")[1] ?? "";
}
function providerCredential(file, pos, provider, b2, a, out) {
  if (!PROVIDER_CREDENTIAL_KEYS.has(a.name) || a.value.length !== 1) return;
  const v = a.value[0];
  if (v.type !== "string" && v.type !== "heredoc" || v.interpolated) return;
  out.push({
    detector: "terraform-provider-literal",
    location: locationAt(file.path, pos, v.contentStart),
    value: v.value,
    key: a.name,
    description: `Literal ${a.name} in the ${provider} provider configuration (${b2.route}): pass it through a sensitive variable or the provider's environment variable instead`,
    identity: IDENTITY_PROVIDERS.has(provider)
  });
}

// src/core/extract/index.ts
var EXTRACTORS = [
  githubActions,
  gitlabCi,
  circleci,
  azurePipelines,
  jenkins,
  bitbucketPipelines,
  kubernetes,
  helm,
  compose,
  terraform,
  ansible
];

// src/core/manifest/locate.ts
var MANIFEST_DIRECTORIES = [".github/", "", "docs/"];
var MANIFEST_NAMES = ["secretowners.yml", "secretowners.yaml", "SECRETOWNERS"];
var MANIFEST_CANDIDATES = MANIFEST_DIRECTORIES.flatMap(
  (dir) => MANIFEST_NAMES.map((name) => `${dir}${name}`)
);

// src/core/manifest/names.ts
var SYSTEMS = {
  "github-actions": true,
  "gitlab-ci": true,
  circleci: true,
  "azure-pipelines": true,
  jenkins: true,
  "bitbucket-pipelines": true,
  kubernetes: true,
  helm: true,
  compose: true,
  terraform: true,
  ansible: true
};
var SECRET_SYSTEMS = Object.keys(SYSTEMS);
function compileSecretGlob(glob) {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === "*") {
      re += ".*";
    } else if (ch === "?") {
      re += ".";
    } else if (ch === "[" && glob.indexOf("]", i + 2) !== -1) {
      const close = glob.indexOf("]", i + 2);
      let body = glob.slice(i + 1, close);
      let negate = "";
      if (body.startsWith("!") || body.startsWith("^")) {
        negate = "^";
        body = body.slice(1);
      }
      const cls = body.replace(/[\\\]^[]/g, "\\$&");
      re += `[${negate}${cls}]`;
      i = close;
    } else {
      re += escapeRegExp(ch);
    }
  }
  try {
    return new RegExp(`^${re}$`, "i");
  } catch {
    return new RegExp(`^${escapeRegExp(glob)}$`, "i");
  }
}

// src/core/manifest/match.ts
var GOVERNANCE_FIELDS = [
  "owner",
  "custodian",
  "backup",
  "purpose",
  "rotation",
  "revoker",
  "vendor",
  "emergencyOnly",
  "rotated",
  "reviewed",
  "review",
  "agents"
];
function effectiveGovernance(defaults, rule) {
  const out = {};
  for (const field of GOVERNANCE_FIELDS) {
    const value = rule[field] ?? defaults[field];
    if (value !== void 0) out[field] = value;
  }
  return out;
}
var compiled = /* @__PURE__ */ new WeakMap();
var MEMO_LIMIT = 5e4;
function compile(manifest) {
  let c = compiled.get(manifest);
  if (c === void 0) {
    const rules = [...manifest.rules].reverse().map((rule) => ({
      rule,
      patterns: rule.patterns.map((p) => ({ re: compileSecretGlob(p.glob), ...p.system === void 0 ? {} : { system: p.system } }))
    }));
    c = { rules, patternsOf: new Map(rules.map(({ rule, patterns }) => [rule, patterns])), memo: /* @__PURE__ */ new Map() };
    compiled.set(manifest, c);
  }
  return c;
}
function matchSecret(manifest, name, system) {
  const c = compile(manifest);
  const key = `${system}\0${name.toLowerCase()}`;
  const memoised = c.memo.get(key);
  if (memoised !== void 0) return memoised;
  let result = null;
  for (const { rule, patterns } of c.rules) {
    if (anyMatches(patterns, name, system)) {
      result = { rule, effective: effectiveGovernance(manifest.defaults, rule) };
      break;
    }
  }
  if (c.memo.size >= MEMO_LIMIT) c.memo.clear();
  c.memo.set(key, result);
  return result;
}
function ruleMatches(manifest, rule, name, system) {
  return anyMatches(compile(manifest).patternsOf.get(rule) ?? [], name, system);
}
function anyMatches(patterns, name, system) {
  return patterns.some((p) => (p.system === void 0 || p.system === system) && p.re.test(name));
}
function isInScope(scope, use) {
  const [list, reason] = use.isWorkflow ? scope.workflows !== void 0 ? [scope.workflows, "workflow"] : [scope.paths, "path"] : scope.paths !== void 0 ? [scope.paths, "path"] : [scope.workflows, "workflow"];
  if (list !== void 0 && !list.some((pattern) => matchCodeownersPath(pattern, use.file))) {
    return { ok: false, reason };
  }
  if (scope.environments !== void 0) {
    if (use.environment !== void 0) {
      const env = use.environment.toLowerCase();
      if (!scope.environments.some((allowed) => allowed.toLowerCase() === env)) return { ok: false, reason: "environment" };
    } else if (use.isWorkflow) {
      return { ok: false, reason: "environment" };
    }
  }
  return { ok: true };
}

// src/core/manifest/parse.ts
var import_yaml14 = __toESM(require_dist(), 1);

// src/core/scrub.ts
var OWN_FIELDS = /* @__PURE__ */ new Set(["fingerprint", "ruleId", "detector", "controls", "severity", "system", "kind", "url", "preview", "context"]);
var FINDING_FIELDS = /* @__PURE__ */ new Set([...OWN_FIELDS, "message"]);

// src/core/manifest/text.ts
var DURATION = /^([1-9][0-9]{0,5})([dwmy])$/;
var UNIT_DAYS = { d: 1, w: 7, m: 30, y: 365 };
function parseDuration(text) {
  const match = DURATION.exec(text);
  if (match === null) return null;
  const [, count, unit] = match;
  return Number(count) * UNIT_DAYS[unit];
}
var ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
var DAY_MS = 864e5;
function parseIsoDate(text) {
  const match = ISO_DATE.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return time / DAY_MS;
}
function formatIsoDate(days) {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

// src/core/manifest/parse.ts
var FIELD_BY_KEY = {
  secrets: "secrets",
  owner: "owner",
  custodian: "custodian",
  backup: "backup",
  purpose: "purpose",
  rotation: "rotation",
  revoker: "revoker",
  scope: "scope",
  vendor: "vendor",
  "emergency-only": "emergencyOnly",
  rotated: "rotated",
  reviewed: "reviewed",
  review: "review",
  agents: "agents"
};
var RULE_ONLY_KEYS = ["secrets", "scope", "owner", "rotated", "reviewed"];
var RULE_KEYS = Object.keys(FIELD_BY_KEY);
var DEFAULTS_KEYS = RULE_KEYS.filter((k) => !RULE_ONLY_KEYS.includes(k));

// src/core/order.ts
function compareStrings(a, b2) {
  return a < b2 ? -1 : a > b2 ? 1 : 0;
}
function compareLocations(a, b2) {
  return compareStrings(a.file, b2.file) || a.line - b2.line || a.column - b2.column;
}

// src/core/policy/rule.ts
var DOCS_BASE_URL = "https://github.com/secretowners/secretowners/blob/main/docs/rules/";
var KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
function defineRule(rule) {
  const { meta } = rule;
  if (!KEBAB_CASE.test(meta.id)) throw new Error(`rule id "${meta.id}" is not kebab-case`);
  if (meta.controls.length === 0) throw new Error(`rule ${meta.id} maps to no control`);
  if (Object.keys(meta.messages).length === 0) throw new Error(`rule ${meta.id} has no messages`);
  return { meta: { ...meta, url: `${DOCS_BASE_URL}${meta.id}.md` }, check: rule.check, ...rule.checkOrg ? { checkOrg: rule.checkOrg } : {} };
}

// src/core/policy/rules/hardcoded-secret.ts
function credentialKeys(credentials) {
  const keys = /* @__PURE__ */ new Map();
  const seen = /* @__PURE__ */ new Map();
  for (const credential of [...credentials].sort((a, b2) => compareLocations(a.location, b2.location))) {
    const key = normalizeKey(credential.key ?? "");
    const slot = `${credential.location.file}\0${credential.detector}\0${key}`;
    const ordinal = (seen.get(slot) ?? 0) + 1;
    seen.set(slot, ordinal);
    keys.set(credential, `${credential.detector}:${key}:${ordinal}`);
  }
  return keys;
}
var hardcoded_secret_default = defineRule({
  meta: {
    id: "hardcoded-secret",
    description: "A credential is written into the repository instead of being held in a secret store.",
    defaultSeverity: "error",
    controls: ["NHI2", "PR.AA-01", "PR.DS-01"],
    messages: {
      // No "credential: <words>" here: reports are committed (a baseline) and scanned again, where
      // that would read as a key and its value.
      hardcoded: "Hard-coded credential ({{description}}, {{preview}}). Move it to a secret store, rotate it, and reference it by name.",
      hardcodedIdentity: "Hard-coded identity-system credential ({{description}}, {{preview}}). Revoke and rotate it now, move it to a secret store and reference it by name."
    },
    pathContext: true,
    help: [
      "A credential committed to a repository is readable by everyone with read access, stays in git",
      "history forever and cannot be owned, scoped or rotated like a managed secret (OWASP NHI2, secret leakage).",
      "",
      "**Fix:** treat the value as leaked: revoke and rotate it, store the new value as a CI secret or in a",
      "vault, reference it by name, and give that name an owner in `secretowners.yml`."
    ].join("\n")
  },
  check(ctx) {
    const keys = credentialKeys(ctx.credentials);
    return ctx.credentials.map((credential) => ({
      messageId: credential.identity ? "hardcodedIdentity" : "hardcoded",
      data: { description: credential.description, preview: credential.preview },
      location: credential.location,
      secret: null,
      fingerprintKey: keys.get(credential) ?? credential.detector,
      detector: credential.detector,
      preview: credential.preview,
      identity: credential.identity,
      ...credential.severity === void 0 ? {} : { severity: credential.severity },
      ...credential.context === void 0 ? {} : { context: credential.context }
    }));
  }
});

// src/core/policy/rules/refs.ts
function isGovernedRef(ref2) {
  if (ref2.kind === "reference") return ref2.name !== null;
  if (ref2.kind === "declaration") return ref2.name !== null && ref2.system !== "github-actions";
  return false;
}
var LABELS = {
  "github-actions": "GitHub Actions",
  "gitlab-ci": "GitLab CI",
  circleci: "CircleCI",
  "azure-pipelines": "Azure Pipelines",
  jenkins: "Jenkins",
  "bitbucket-pipelines": "Bitbucket Pipelines",
  kubernetes: "Kubernetes",
  helm: "Helm",
  compose: "Docker Compose",
  terraform: "Terraform",
  ansible: "Ansible"
};
function systemLabel(system) {
  return LABELS[system];
}
function isWorkflowFile(path) {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}
function* governedUses(ctx) {
  for (const ref2 of ctx.refs) {
    if (!isGovernedRef(ref2) || ref2.name === null) continue;
    yield { ref: ref2, name: ref2.name, match: ctx.match(ref2) };
  }
}
function storedSecretLocation(ctx, match) {
  if (match) return match.rule.location;
  return { file: ctx.manifest?.path ?? MANIFEST_CANDIDATES[0] ?? ".github/secretowners.yml", line: 1, column: 1 };
}
function storedSecretMatch(ctx, secret) {
  return ctx.manifest ? matchSecret(ctx.manifest, secret.name, "github-actions") : null;
}
function storeLabel(secret) {
  return secret.store === "environment" ? `environment ${secret.environment ?? "?"}` : secret.store;
}
function storedSecretKey(secret) {
  return `stored:${secret.store}:${secret.environment ?? ""}:${secret.name.toUpperCase()}`;
}
function referencedActionsSecrets(refs) {
  const names = /* @__PURE__ */ new Set();
  for (const ref2 of refs) {
    if (ref2.system === "github-actions" && ref2.name !== null && (ref2.kind === "reference" || ref2.kind === "declaration")) names.add(ref2.name.toUpperCase());
  }
  return names;
}
function resolveStoredSecret(stored, name, environment) {
  const wanted = name.toUpperCase();
  const find = (test) => stored.find((secret) => secret.name.toUpperCase() === wanted && test(secret)) ?? null;
  return (environment === void 0 ? null : find((secret) => secret.store === "environment" && secret.environment === environment)) ?? find((secret) => secret.store === "actions") ?? find((secret) => secret.store === "organization");
}

// src/core/policy/rules/environment-reuse.ts
function isProductionEnvironment(name) {
  if (/\$\{\{/.test(name) || /(pre|non)[-_ .]?prod/i.test(name)) return false;
  return /(^|[^a-z])(prod|production|prd|live)([^a-z]|$)/i.test(name);
}
function reuse(uses2, acrossRepos) {
  const sorted = [...uses2].sort((a, b2) => compareStrings(a.repo, b2.repo) || compareLocations(a.location, b2.location));
  const others = sorted.filter((use) => !isProductionEnvironment(use.environment) && !/\$\{\{/.test(use.environment));
  for (const production of sorted.filter((use) => isProductionEnvironment(use.environment))) {
    const other = others.find((use) => !acrossRepos || use.repo !== production.repo);
    if (other) return { production, other, environments: [...new Set(sorted.map((use) => use.environment))].sort(compareStrings) };
  }
  return null;
}
function groupBy(uses2, key) {
  const groups = /* @__PURE__ */ new Map();
  for (const use of uses2) groups.set(key(use), [...groups.get(key(use)) ?? [], use]);
  return [...groups.values()];
}
var place = (use, withRepo) => `${withRepo ? `${use.repo}:` : ""}${use.location.file}:${use.location.line}`;
var environment_reuse_default = defineRule({
  meta: {
    id: "environment-reuse",
    description: "One stored secret is used by production and by non-production deployment environments.",
    defaultSeverity: "warning",
    controls: ["NHI8", "PR.AA-05"],
    messages: {
      reuse: "Secret {{name}} is the {{store}} secret, so production ({{production}}) and {{otherEnvironment}} ({{other}}) get the same credential (environments: {{environments}}). A non-production job can act on production: give each environment its own environment secret.",
      reuseAcrossRepos: "Organization secret {{name}} reaches production ({{production}}) and {{otherEnvironment}} ({{other}}) in different repositories (environments: {{environments}}). A non-production job can act on production: give the production environment its own environment secret."
    },
    help: [
      "A secret stored for the repository or the organization is handed to every environment that",
      "asks for it. When the production deployment and a staging, test or preview job read the same",
      "one, anything that runs in the weaker environment \u2014 a pull request preview, a test fixture, a",
      "compromised staging host \u2014 holds a production credential (OWASP NHI8, environment isolation;",
      "NIST CSF PR.AA-05, least privilege).",
      "",
      "GitHub reads `secrets.NAME` from the job's environment first, then the repository, then the",
      "organization. The rule needs the secrets GitHub holds (listed with a token that may read them):",
      "a use whose environment has its own secret of that name is not reuse.",
      "",
      "**Fix:** create the secret as an environment secret in each environment, each with its own",
      "credential (and production's behind required reviewers), then delete the shared one."
    ].join("\n")
  },
  check(ctx) {
    if (ctx.storedSecrets.length === 0) return [];
    const uses2 = [];
    for (const ref2 of ctx.refs) {
      if (ref2.system !== "github-actions" || ref2.kind !== "reference" || ref2.name === null || ref2.environment === void 0) continue;
      const stored = resolveStoredSecret(ctx.storedSecrets, ref2.name, ref2.environment);
      if (stored === null || stored.store === "environment") continue;
      uses2.push({ repo: "", name: ref2.name.toUpperCase(), environment: ref2.environment, location: ref2.location, stored });
    }
    const reports = [];
    for (const group of groupBy(uses2, (use) => `${use.stored.store}:${use.name}`)) {
      const found = reuse(group, false);
      if (found === null) continue;
      reports.push({
        messageId: "reuse",
        data: {
          name: found.other.name,
          store: found.other.stored.store === "actions" ? "repository" : "organization",
          production: `environment ${found.production.environment}, ${place(found.production, false)}`,
          otherEnvironment: found.other.environment,
          other: place(found.other, false),
          environments: found.environments.join(", ")
        },
        location: found.other.location,
        secret: found.other.name,
        fingerprintKey: `${found.other.stored.store}:${found.other.name}`,
        system: "github-actions"
      });
    }
    return reports;
  },
  checkOrg(ctx) {
    const uses2 = [];
    for (const repository of ctx.repositories) {
      for (const entry of repository.secrets) {
        if (entry.system !== "github-actions" || entry.kind !== "secret") continue;
        for (const reference of entry.references) {
          if (reference.kind !== "reference" || reference.environment === void 0) continue;
          const stored = resolveStoredSecret(repository.storedSecrets, entry.name, reference.environment);
          if (stored?.store !== "organization") continue;
          uses2.push({ repo: repository.name, name: entry.name.toUpperCase(), environment: reference.environment, location: reference, stored });
        }
      }
    }
    const reports = [];
    for (const group of groupBy(uses2, (use) => use.name)) {
      const found = reuse(group, true);
      if (found === null) continue;
      reports.push({
        repo: found.other.repo,
        messageId: "reuseAcrossRepos",
        data: {
          name: found.other.name,
          production: `environment ${found.production.environment}, ${place(found.production, true)}`,
          otherEnvironment: found.other.environment,
          other: place(found.other, true),
          environments: found.environments.join(", ")
        },
        location: { file: found.other.location.file, line: found.other.location.line, column: found.other.location.column },
        secret: found.other.name,
        fingerprintKey: `organization:${found.other.name}`,
        system: "github-actions"
      });
    }
    return reports;
  }
});

// src/core/policy/rules/invalid-manifest.ts
var invalid_manifest_default = defineRule({
  meta: {
    id: "invalid-manifest",
    description: "The ownership manifest has an error, so some ownership cannot be read.",
    defaultSeverity: "error",
    controls: ["GV.RR-02", "ID.AM-08"],
    messages: {
      invalid: "{{message}}",
      invalidWithSuggestion: "{{message}}. Fix: {{suggestion}}"
    },
    help: [
      "An ownership record that cannot be read is no record: the rules after an error may be ignored",
      "and secrets they cover look unowned, or worse, owned by the wrong team.",
      "",
      "**Fix:** correct the manifest at the reported line; the message says what to write instead."
    ].join("\n")
  },
  check(ctx) {
    const anySecret = ctx.refs.some((ref2) => ref2.kind !== "platform");
    return ctx.manifestDiagnostics.filter((diagnostic) => anySecret || diagnostic.kind !== "no-rules").map((diagnostic) => ({
      messageId: diagnostic.suggestion ? "invalidWithSuggestion" : "invalid",
      data: {
        message: diagnostic.message.replace(/\.$/, ""),
        suggestion: endSentence(diagnostic.suggestion ?? ""),
        kind: diagnostic.kind
      },
      location: diagnostic.location,
      secret: null,
      fingerprintKey: `${diagnostic.kind}:${diagnostic.message}`,
      // A shadowed second manifest or a bracket GitHub takes literally is worth a look, not a block.
      ...diagnostic.severity ? { severity: diagnostic.severity } : {}
    }));
  }
});
function endSentence(text) {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

// src/core/policy/rules/manifest-rules.ts
function ruleLabel(rule) {
  return rule.patterns.map((p) => p.system ? `${p.system}:${p.glob}` : p.glob).join(", ");
}

// src/core/policy/rules/missing-lifecycle.ts
var LIFECYCLE_FIELDS = ["custodian", "backup", "purpose", "rotation", "revoker"];
function missingLifecycleFields(governance) {
  return LIFECYCLE_FIELDS.filter((field) => {
    const value = governance[field];
    return value === void 0 || Array.isArray(value) && value.length === 0 || value === "";
  });
}
var missing_lifecycle_default = defineRule({
  meta: {
    id: "missing-lifecycle",
    description: "An ownership rule lacks a custodian, backup, purpose, rotation cadence or revoker, even after defaults.",
    defaultSeverity: "warning",
    controls: ["NHI7", "NHI1", "GV.RR-02", "PR.AA-01"],
    messages: {
      missing: "The rule for {{patterns}} lacks {{fields}}. Set the missing fields on the rule, or once under `defaults:` for every rule.",
      missingOnLine: "The rule for {{patterns}} lacks {{fields}}. Add them to its line as key=value (e.g. rotation=90d revoker=@org/secops), or once on a `defaults` line for every rule."
    },
    help: [
      "An owner alone does not keep a secret healthy: someone must operate it (custodian), stand in",
      "(backup), know why it exists (purpose), rotate it on a schedule (rotation) and be allowed to kill",
      "it (revoker). Without a rotation cadence secrets live forever (OWASP NHI7, long-lived secrets).",
      "",
      "**Fix:** add the missing fields to the rule, or set them once under `defaults:`."
    ].join("\n")
  },
  check(ctx) {
    const manifest = ctx.manifest;
    if (!manifest) return [];
    const reports = [];
    for (const rule of manifest.rules) {
      const missing = missingLifecycleFields(effectiveGovernance(manifest.defaults, rule));
      if (missing.length === 0) continue;
      reports.push({
        messageId: manifest.format === "secretowners" ? "missingOnLine" : "missing",
        data: { patterns: ruleLabel(rule), fields: missing.join(", ") },
        location: rule.location,
        secret: null,
        fingerprintKey: `${ruleLabel(rule)}:${missing.join(",")}`
      });
    }
    return reports;
  }
});

// src/core/policy/rules/overbroad-secrets.ts
var MESSAGE_IDS = {
  inherit: "inherit",
  tojson: "toJSON",
  "dynamic-index": "dynamicIndex"
};
var overbroad_secrets_default = defineRule({
  meta: {
    id: "overbroad-secrets",
    description: "All secrets, or a secret chosen at run time, are handed over instead of named ones.",
    defaultSeverity: "warning",
    controls: ["NHI5", "PR.AA-05"],
    messages: {
      inherit: "`secrets: inherit` passes every secret of the caller to the called workflow. Pass the ones it needs by name.",
      toJSON: "The whole `secrets` context is serialised here, exposing every secret to this step. Reference the secrets it needs by name.",
      dynamicIndex: "`secrets[...]` picks a secret by a computed name, so nobody can tell which secrets this uses. Reference them by name.",
      computedName: "This reads a secret whose name is computed when it runs, so nobody can tell from the code which secret it is. Name the secret literally."
    },
    pathContext: true,
    help: [
      "Handing over every secret (or one chosen at run time) defeats ownership and least privilege: a",
      "reviewer cannot tell which credentials a job can reach (OWASP NHI5, overprivileged NHI).",
      "",
      "**Fix:** replace `secrets: inherit` with an explicit `secrets:` map, and `toJSON(secrets)` or",
      "`secrets[expr]` with the named secrets the step needs."
    ].join("\n")
  },
  check(ctx) {
    const reports = [];
    for (const ref2 of ctx.refs) {
      if (ref2.kind !== "overbroad") continue;
      const kind = ref2.overbroad ?? "dynamic-index";
      const messageId = kind === "dynamic-index" && ref2.system !== "github-actions" ? "computedName" : MESSAGE_IDS[kind];
      reports.push({
        messageId,
        data: {},
        location: ref2.location,
        secret: null,
        fingerprintKey: `${ref2.system}:${kind}:${ref2.route}`,
        system: ref2.system
      });
    }
    return reports;
  }
});

// src/core/manifest/directory.ts
var PRINCIPAL_FIELDS = ["owner", "custodian", "backup", "revoker"];
function parsePrincipal(handle) {
  const team = /^@([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9][A-Za-z0-9._-]*)$/.exec(handle);
  if (team) return { kind: "team", org: team[1], slug: team[2] };
  const user = /^@([A-Za-z0-9][A-Za-z0-9-]*)$/.exec(handle);
  if (user) return { kind: "user", login: user[1] };
  return null;
}
function principalsOf(governance, field) {
  const value = governance[field];
  if (value === void 0) return [];
  return typeof value === "string" ? [value] : [...value];
}

// src/core/policy/rules/orphaned-owner.ts
var orphaned_owner_default = defineRule({
  meta: {
    id: "orphaned-owner",
    description: "An ownership rule names a team that no longer exists or a user who is no longer a member of the organization.",
    defaultSeverity: "error",
    controls: ["NHI1", "GV.RR-04"],
    messages: {
      team: "The {{field}} of {{subject}} is {{principal}}, a team that does not exist in {{organization}}. Name a team that exists and accepts the duty.",
      user: "The {{field}} of {{subject}} is {{principal}}, who is not a member of {{organization}}. Name a current team or member."
    },
    help: [
      "Ownership on record is only worth something while the owner exists. A deleted team or a person who",
      "left the organization owns nothing: the secret is orphaned, exactly the improper offboarding OWASP",
      "NHI1 warns about, and the roles NIST CSF GV.RR-04 expects to be kept current are vacant.",
      "",
      "The owner is an `error`; a missing custodian, backup or revoker is a `warning`. Only GitHub knows who",
      "exists, so this rule runs in the GitHub App (and anywhere an organization directory is supplied); the",
      "CLI never reports it.",
      "",
      "**Fix:** name a team that exists in the organization (`@org/team`) and accepts the duty."
    ].join("\n")
  },
  check(ctx) {
    const manifest = ctx.manifest;
    const directory = ctx.directory;
    if (!manifest || !directory) return [];
    const reports = [];
    const judge = (governance, field, subject, location, key) => {
      for (const handle of principalsOf(governance, field)) {
        const principal = parsePrincipal(handle);
        if (principal === null || directory.exists.get(handle.toLowerCase()) !== false) continue;
        if (principal.kind === "team" && principal.org.toLowerCase() !== directory.organization.toLowerCase()) continue;
        reports.push({
          messageId: principal.kind,
          data: { field: field === "backup" ? "backup" : field, subject, principal: handle, organization: directory.organization },
          location,
          secret: null,
          fingerprintKey: `${key}\0${field}\0${handle.toLowerCase()}`,
          // The owner answers for the secret; the other roles only stand in or operate.
          ...field === "owner" ? {} : { severity: "warning" }
        });
      }
    };
    for (const field of PRINCIPAL_FIELDS) {
      const location = manifest.defaultsLocations?.[field];
      if (location) judge(manifest.defaults, field, "the manifest's defaults", location, "defaults");
    }
    for (const rule of manifest.rules) {
      const label = ruleLabel(rule);
      for (const field of PRINCIPAL_FIELDS) judge(rule, field, `the rule for ${label}`, rule.fieldLocations[field] ?? rule.location, label);
    }
    return reports;
  }
});

// src/core/policy/rules/overexposed-org-secret.ts
var NAMED_REPOS = 5;
var overexposed_org_secret_default = defineRule({
  meta: {
    id: "overexposed-org-secret",
    description: "An organization secret every repository can read is used, and owned, by one team only.",
    defaultSeverity: "warning",
    controls: ["NHI5", "PR.AA-05"],
    messages: {
      overexposed: `Organization secret {{name}} is visible to {{visibility}} ({{reach}} repositories), but only {{used}} use it ({{repos}}), all owned by {{owner}}. Every other repository's workflows can read it: set its repository access to "Selected repositories" and pick those {{used}}.`
    },
    help: [
      'An organization secret with repository access "All repositories" (or "Private repositories")',
      "is readable by every workflow of every such repository, including ones created tomorrow. When",
      "one team owns it and only that team's repositories use it, the rest of the organization holds",
      "a credential it has no business with: an overprivileged identity (OWASP NHI5; NIST CSF PR.AA-05,",
      "least privilege).",
      "",
      "The owner is what each using repository's manifest says; the rule needs an organization-wide",
      "scan (`secretowners org-scan` or the App), which sees every repository at once.",
      "",
      "**Fix:** in the organization's Settings \u2192 Secrets and variables \u2192 Actions, set the secret's",
      'repository access to "Selected repositories" and choose the repositories that use it.'
    ].join("\n")
  },
  // Needs every repository's view of the secret at once; one repository's scan cannot judge it.
  check: () => [],
  checkOrg(ctx) {
    const reports = [];
    for (const secret of ctx.organizationSecrets) {
      if (secret.visibility === "selected") continue;
      const name = secret.name.toUpperCase();
      const uses2 = [];
      for (const repository of ctx.repositories) {
        const entry = repository.secrets.find((item) => item.system === "github-actions" && item.kind === "secret" && item.name.toUpperCase() === name);
        const first2 = entry?.references.filter((reference) => reference.kind === "reference").sort(compareLocations)[0];
        if (!entry || !first2) continue;
        const stored = resolveStoredSecret(repository.storedSecrets, name);
        if (stored !== null && stored.store !== "organization") continue;
        uses2.push({ repo: repository.name, owner: entry.owner, location: { file: first2.file, line: first2.line, column: first2.column } });
      }
      if (uses2.length === 0 || uses2.some((use) => use.owner === null)) continue;
      const owners = new Set(uses2.map((use) => use.owner.toLowerCase()));
      const repos = [...new Set(uses2.map((use) => use.repo))].sort(compareStrings);
      const reach = ctx.repositoryCount[secret.visibility];
      if (owners.size !== 1 || repos.length >= reach) continue;
      const first = uses2.sort((a, b2) => compareStrings(a.repo, b2.repo) || compareLocations(a.location, b2.location))[0];
      const owner = first.owner;
      const named = repos.slice(0, NAMED_REPOS).join(", ") + (repos.length > NAMED_REPOS ? ` and ${repos.length - NAMED_REPOS} more` : "");
      reports.push({
        repo: first.repo,
        messageId: "overexposed",
        data: {
          name,
          visibility: secret.visibility === "all" ? "all repositories" : "all private repositories",
          reach,
          used: repos.length,
          repos: named,
          owner
        },
        location: first.location,
        secret: name,
        fingerprintKey: `organization:${name}`,
        system: "github-actions"
      });
    }
    return reports;
  }
});

// src/core/policy/rules/owner-not-team.ts
var TEAM = /^@[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
function isTeam(owner) {
  return TEAM.test(owner);
}
var owner_not_team_default = defineRule({
  meta: {
    id: "owner-not-team",
    description: "An ownership rule names a person, not a team, as the accountable owner.",
    defaultSeverity: "warning",
    controls: ["NHI1", "GV.RR-02"],
    messages: {
      person: "The rule for {{patterns}} is owned by {{owner}}, a person. Name a team (@org/team) so ownership survives when they leave."
    },
    help: [
      "People change roles and leave; teams persist. A secret owned by a person becomes unowned the day",
      "they leave, which is exactly how orphaned credentials happen (OWASP NHI1, improper offboarding).",
      "",
      "**Fix:** set `owner:` to the team accountable for the secret (`@org/team`) and keep the person as",
      "`custodian:` or in `backup:` if useful."
    ].join("\n")
  },
  check(ctx) {
    const reports = [];
    for (const rule of ctx.manifest?.rules ?? []) {
      const owner = rule.owner;
      if (owner === void 0 || isTeam(owner)) continue;
      reports.push({
        messageId: "person",
        data: { patterns: ruleLabel(rule), owner },
        location: rule.fieldLocations["owner"] ?? rule.location,
        secret: null,
        fingerprintKey: ruleLabel(rule)
      });
    }
    return reports;
  }
});

// src/core/policy/rules/scope-violation.ts
var scope_violation_default = defineRule({
  meta: {
    id: "scope-violation",
    description: "A secret is used outside the workflows, paths or environments its ownership rule allows.",
    defaultSeverity: "error",
    controls: ["NHI9", "NHI8", "PR.AA-05"],
    messages: {
      workflow: "Secret {{name}} is used in {{file}}, which is not among the workflows its rule ({{manifest}}:{{ruleLine}}) allows: {{allowed}}.",
      path: "Secret {{name}} is used in {{file}}, outside the paths its rule ({{manifest}}:{{ruleLine}}) allows: {{allowed}}.",
      environment: "Secret {{name}} is used {{where}}, but its rule ({{manifest}}:{{ruleLine}}) allows only the environments {{allowed}}."
    },
    pathContext: true,
    help: [
      "A scope records where a privileged secret may be used. A use elsewhere means the credential is",
      "reused beyond its purpose or crosses an environment boundary (OWASP NHI9 reuse, NHI8 isolation).",
      "",
      "**Fix:** stop using the secret here and create a separate secret for this purpose, or, if the use",
      "is intended, widen the rule's `scope:` in `secretowners.yml` with the owner's agreement."
    ].join("\n")
  },
  check(ctx) {
    const reports = [];
    for (const { ref: ref2, name, match } of governedUses(ctx)) {
      const scope = match?.rule.scope;
      if (!match || !scope) continue;
      const verdict = isInScope(scope, {
        file: ref2.location.file,
        environment: ref2.environment,
        isWorkflow: ref2.system === "github-actions" && isWorkflowFile(ref2.location.file)
      });
      if (verdict.ok) continue;
      const allowed = {
        workflow: scope.workflows,
        path: scope.paths,
        environment: scope.environments
      }[verdict.reason];
      reports.push({
        messageId: verdict.reason,
        data: {
          name,
          file: ref2.location.file,
          manifest: ctx.manifest?.path ?? "",
          ruleLine: match.rule.location.line,
          allowed: (allowed ?? []).join(", ") || "(none)",
          where: ref2.environment ? `in environment "${ref2.environment}"` : "in a job with no environment"
        },
        location: ref2.location,
        secret: name,
        fingerprintKey: `${ref2.system}:${name.toUpperCase()}:${verdict.reason}`,
        system: ref2.system
      });
    }
    return reports;
  }
});

// src/core/policy/rules/stale-rule.ts
var stale_rule_default = defineRule({
  meta: {
    id: "stale-rule",
    description: "An ownership rule matches no secret the repository uses.",
    defaultSeverity: "note",
    controls: ["NHI1", "ID.AM-08"],
    messages: {
      stale: "The rule for {{patterns}} matches no secret used in this repository. If the secret is gone, revoke it and delete the rule."
    },
    help: [
      "A rule for a secret nothing uses any more usually means a credential that is still valid but",
      "forgotten: it should be revoked, not left to linger (OWASP NHI1, improper offboarding).",
      "",
      "**Fix:** confirm the secret is unused, have its revoker revoke it, then delete the rule. If the",
      "secret is used somewhere the scanner cannot see, say so in the rule's `purpose:`."
    ].join("\n")
  },
  check(ctx) {
    const manifest = ctx.manifest;
    if (!manifest || !ctx.complete) return [];
    const named = uniqueNamedRefs(ctx.refs);
    const reports = [];
    for (const rule of manifest.rules) {
      if (rule.inherited) continue;
      if (named.some(([name, system]) => ruleMatches(manifest, rule, name, system))) continue;
      reports.push({
        messageId: "stale",
        data: { patterns: ruleLabel(rule) },
        location: rule.location,
        secret: null,
        fingerprintKey: ruleLabel(rule)
      });
    }
    return reports;
  }
});
function uniqueNamedRefs(refs) {
  const seen = /* @__PURE__ */ new Map();
  for (const ref2 of refs) {
    if (!isGovernedRef(ref2) || ref2.name === null) continue;
    seen.set(`${ref2.system}\0${ref2.name}`, [ref2.name, ref2.system]);
  }
  return [...seen.values()];
}

// src/core/policy/rules/unowned-secret.ts
var OWNED_HERE = /* @__PURE__ */ new Set(["actions", "environment", "dependabot"]);
var unowned_secret_default = defineRule({
  meta: {
    id: "unowned-secret",
    description: "A secret is used but no ownership rule names an accountable owner for it.",
    defaultSeverity: "error",
    controls: ["NHI1", "GV.RR-02", "PR.AA-01"],
    messages: {
      noRule: "Secret {{name}} ({{system}}) has no owner: no rule in {{manifest}} matches it.",
      noManifest: "Secret {{name}} ({{system}}) has no owner: the repository has no secretowners.yml or SECRETOWNERS manifest (`secretowners init` writes one).",
      unreadableManifest: "Secret {{name}} ({{system}}) has no owner: the manifest {{manifest}} is invalid and cannot be read (see its invalid-manifest finding).",
      ruleWithoutOwner: "Secret {{name}} ({{system}}) matches the rule at {{manifest}}:{{ruleLine}}, which names no owner.",
      storedNoRule: "GitHub holds the {{store}} secret {{name}} for this repository, and no rule in {{manifest}} names its owner. Add a rule whose secrets: matches {{name}} with an owner: team.",
      storedNoManifest: "GitHub holds the {{store}} secret {{name}} for this repository, and the repository has no secretowners.yml to name its owner. Add one with a rule for {{name}}.",
      storedRuleWithoutOwner: "GitHub holds the {{store}} secret {{name}} for this repository; it matches the rule at {{manifest}}:{{ruleLine}}, which names no owner."
    },
    pathContext: true,
    help: [
      "Every secret an automation uses is a non-human identity. Without an accountable owner on record",
      "nobody rotates it, and nobody dares revoke it when its creator leaves (OWASP NHI1, improper offboarding).",
      "",
      "**Fix:** add a rule to `secretowners.yml` whose `secrets:` glob matches the name, with an `owner:`",
      "team (`@org/team`). `secretowners init` writes a starter manifest listing every secret found."
    ].join("\n")
  },
  check(ctx) {
    const reports = [];
    for (const { ref: ref2, name, match } of governedUses(ctx)) {
      if (match?.effective.owner) continue;
      const data = {
        name,
        system: systemLabel(ref2.system),
        manifest: ctx.manifest?.path ?? ctx.manifestFile ?? "",
        ruleLine: match?.rule.location.line ?? 0
      };
      const messageId = ctx.manifest === null ? ctx.manifestFile ? "unreadableManifest" : "noManifest" : match ? "ruleWithoutOwner" : "noRule";
      reports.push({
        messageId,
        data,
        location: ref2.location,
        secret: name,
        fingerprintKey: `${ref2.system}:${name.toUpperCase()}`,
        system: ref2.system
      });
    }
    reports.push(...unownedStoredSecrets(ctx));
    return reports;
  }
});
function unownedStoredSecrets(ctx) {
  if (!ctx.complete || ctx.storedSecrets.length === 0) return [];
  const referenced = referencedActionsSecrets(ctx.refs);
  const reports = [];
  for (const secret of ctx.storedSecrets) {
    if (!OWNED_HERE.has(secret.store) || referenced.has(secret.name.toUpperCase())) continue;
    const match = storedSecretMatch(ctx, secret);
    if (match?.effective.owner) continue;
    const messageId = ctx.manifest === null ? "storedNoManifest" : match ? "storedRuleWithoutOwner" : "storedNoRule";
    reports.push({
      messageId,
      data: { name: secret.name, store: storeLabel(secret), manifest: ctx.manifest?.path ?? "", ruleLine: match?.rule.location.line ?? 0 },
      location: storedSecretLocation(ctx, match),
      secret: secret.name,
      fingerprintKey: storedSecretKey(secret),
      system: "github-actions"
    });
  }
  return reports;
}

// src/core/policy/rules/unused-secret.ts
var JUDGED_STORES = /* @__PURE__ */ new Set(["actions", "environment"]);
var unused_secret_default = defineRule({
  meta: {
    id: "unused-secret",
    description: "GitHub holds a secret for the repository that no workflow references.",
    defaultSeverity: "warning",
    controls: ["NHI1", "GV.RR-04"],
    messages: {
      unused: "GitHub holds the {{store}} secret {{name}} for this repository, but no workflow references it: an offboarding candidate. Revoke it at its source, then delete it from the repository settings."
    },
    help: [
      "A credential nobody uses is still a valid credential: whoever holds a copy can still use it, and",
      "nobody notices. Unused secrets are what improper offboarding leaves behind (OWASP NHI1).",
      "",
      "**Fix:** confirm nothing uses it (other repositories may hold a copy under another name), have its",
      "revoker revoke it at the issuing system, then delete it under Settings \u2192 Secrets and variables.",
      "Needs a token that may list secrets (`token` input: a GitHub App token or a PAT)."
    ].join("\n")
  },
  check(ctx) {
    if (!ctx.complete || ctx.storedSecrets.length === 0) return [];
    if (ctx.refs.some((ref2) => ref2.system === "github-actions" && ref2.kind === "overbroad")) return [];
    const referenced = referencedActionsSecrets(ctx.refs);
    const reports = [];
    for (const secret of ctx.storedSecrets) {
      if (!JUDGED_STORES.has(secret.store) || referenced.has(secret.name.toUpperCase())) continue;
      reports.push({
        messageId: "unused",
        data: { name: secret.name, store: storeLabel(secret) },
        location: storedSecretLocation(ctx, storedSecretMatch(ctx, secret)),
        secret: secret.name,
        fingerprintKey: storedSecretKey(secret),
        system: "github-actions"
      });
    }
    return reports;
  }
});

// src/core/policy/rules/rotation-evidence.ts
var DAY_MS2 = 864e5;
function dayOf(date) {
  return Math.floor(date.getTime() / DAY_MS2);
}
function dayOfTimestamp(text) {
  const plain = parseIsoDate(text);
  if (plain !== null) return plain;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : Math.floor(time / DAY_MS2);
}
var STORE_LABELS = {
  actions: "repository secret",
  environment: "environment secret",
  organization: "organization secret",
  dependabot: "Dependabot secret"
};
function storedSecretLabel(secret) {
  const where = secret.store === "environment" && secret.environment ? ` (${secret.environment})` : "";
  return `${secret.name}, ${STORE_LABELS[secret.store]}${where}`;
}
function rotationSubjects(ctx) {
  const manifest = ctx.manifest;
  if (!manifest) return [];
  const stored = /* @__PURE__ */ new Map();
  for (const secret of ctx.storedSecrets) {
    const winner = matchSecret(manifest, secret.name, "github-actions")?.rule;
    if (winner) stored.set(winner, [...stored.get(winner) ?? [], secret]);
  }
  const subjects = [];
  for (const rule of manifest.rules) {
    const cadence = rule.rotation ?? manifest.defaults.rotation;
    const days = cadence === void 0 ? null : parseDuration(cadence);
    if (cadence === void 0 || days === null) continue;
    const location = rule.fieldLocations["rotated"] ?? rule.fieldLocations["rotation"] ?? rule.location;
    const recorded = rule.rotated === void 0 ? null : parseIsoDate(rule.rotated);
    const manifestSource = `\`rotated: ${rule.rotated ?? ""}\` in ${manifest.path}`;
    const held = stored.get(rule) ?? [];
    if (held.length === 0) {
      if (recorded === null) continue;
      const patterns = ruleLabel(rule);
      subjects.push({ rule, subject: `the rule for ${patterns}`, secret: null, key: patterns, lastRotated: recorded, source: manifestSource, cadence, due: recorded + days, location });
      continue;
    }
    for (const secret of held) {
      const stamp = secret.updatedAt ?? secret.createdAt;
      const fromGitHub = stamp === void 0 ? null : dayOfTimestamp(stamp);
      if (fromGitHub === null && recorded === null) continue;
      const githubSource = `GitHub's ${secret.updatedAt === void 0 ? "created_at" : "updated_at"} of the ${STORE_LABELS[secret.store]}`;
      const useGitHub = fromGitHub !== null && (recorded === null || fromGitHub > recorded);
      const last = useGitHub ? fromGitHub : recorded;
      const source = useGitHub ? `${githubSource}${recorded === null ? "" : `, later than ${manifestSource}`}` : `${manifestSource}${fromGitHub === null ? "" : `, later than ${githubSource} (${formatIsoDate(fromGitHub)})`}`;
      subjects.push({
        rule,
        subject: storedSecretLabel(secret),
        secret: secret.name,
        key: `${ruleLabel(rule)}:${secret.store}:${secret.environment ?? ""}:${secret.name.toUpperCase()}`,
        lastRotated: last,
        source,
        cadence,
        due: last + days,
        location
      });
    }
  }
  return subjects;
}
function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// src/core/policy/rules/review-overdue.ts
var review_overdue_default = defineRule({
  meta: {
    id: "review-overdue",
    description: "A rule's last recorded access review is older than its review cadence allows.",
    defaultSeverity: "warning",
    dated: true,
    controls: ["GV.RR-02", "ID.AM-08"],
    messages: {
      future: "The rule for {{patterns}} says `reviewed: {{reviewed}}`, a day still to come, so its review cannot be judged. Write the day of the last review.",
      overdue: "The rule for {{patterns}} was last reviewed on {{reviewed}}; reviews every {{review}} made the next one due on {{due}}, {{late}} day(s) ago. Review who uses the secret and why, then update `reviewed:`."
    },
    help: [
      "Ownership on record goes stale: teams reorganise, workflows that used a key are deleted, a",
      "vendor contract ends. A periodic review \u2014 who uses this secret, is the owner still right, is",
      "the scope still tight \u2014 is what keeps the record true (NIST CSF GV.RR-02, roles and",
      "responsibilities; ID.AM-08, lifecycle management).",
      "",
      "**Fix:** review the secret's usage (`secretowners who NAME` lists every place it is used),",
      "correct the rule, and record the day in `reviewed:`. Set the cadence with `review:` on the rule",
      "or once under `defaults:`."
    ].join("\n")
  },
  check(ctx) {
    const manifest = ctx.manifest;
    if (ctx.now === void 0 || manifest === null) return [];
    const today = dayOf(ctx.now);
    const reports = [];
    for (const rule of manifest.rules) {
      const { review } = effectiveGovernance(manifest.defaults, rule);
      const reviewed = rule.reviewed === void 0 ? null : parseIsoDate(rule.reviewed);
      const cadence = review === void 0 ? null : parseDuration(review);
      if (reviewed !== null && reviewed > today) {
        reports.push({
          messageId: "future",
          data: { patterns: ruleLabel(rule), reviewed: rule.reviewed },
          location: rule.fieldLocations["reviewed"] ?? rule.location,
          secret: null,
          fingerprintKey: `${ruleLabel(rule)}:future`
        });
        continue;
      }
      if (reviewed === null || cadence === null) continue;
      const due = reviewed + cadence;
      if (due >= today) continue;
      reports.push({
        messageId: "overdue",
        data: { patterns: ruleLabel(rule), reviewed: formatIsoDate(reviewed), review, due: formatIsoDate(due), late: today - due },
        location: rule.fieldLocations["reviewed"] ?? rule.location,
        secret: null,
        fingerprintKey: ruleLabel(rule)
      });
    }
    return reports;
  }
});

// src/core/policy/rules/vendor-key-governance.ts
var vendor_key_governance_default = defineRule({
  meta: {
    id: "vendor-key-governance",
    description: "A vendor-managed key's rule lacks an internal team as owner or a revoker.",
    defaultSeverity: "error",
    controls: ["NHI1", "GV.RR-02", "GV.SC-05"],
    messages: {
      ungoverned: "The rule for {{patterns}} is a vendor-managed key ({{vendor}}) but {{problems}}. The contract should still name an internal owner who can demand rotation, inspect logs, and revoke access."
    },
    help: [
      "A key a vendor issues and manages still opens your systems. When the vendor operates it, the",
      "temptation is to leave it to them \u2014 and then nobody inside can demand a rotation, read the",
      "access logs or pull the key when the vendor is breached or the contract ends (OWASP NHI1).",
      "",
      "**Fix:** set `owner:` to the internal team accountable for the integration (`@org/team`, not a",
      "person and not the vendor) and `revoker:` to whoever may revoke the key in an emergency."
    ].join("\n")
  },
  check(ctx) {
    const manifest = ctx.manifest;
    if (!manifest) return [];
    const reports = [];
    for (const rule of manifest.rules) {
      const governance = effectiveGovernance(manifest.defaults, rule);
      if (governance.vendor === void 0) continue;
      const problems = [];
      if (governance.owner === void 0) problems.push("names no owner");
      else if (!isTeam(governance.owner)) problems.push(`its owner ${governance.owner} is not an internal team (@org/team)`);
      if (governance.revoker === void 0) problems.push("names no `revoker`");
      if (problems.length === 0) continue;
      reports.push({
        messageId: "ungoverned",
        data: { patterns: ruleLabel(rule), vendor: governance.vendor, problems: problems.join(" and ") },
        location: rule.fieldLocations["vendor"] ?? rule.location,
        secret: null,
        fingerprintKey: ruleLabel(rule)
      });
    }
    return reports;
  }
});

// src/core/policy/rules/emergency-key-in-routine-use.ts
var NOT_ROUTINE = /* @__PURE__ */ new Set(["workflow_dispatch", "workflow_call"]);
var emergency_key_in_routine_use_default = defineRule({
  meta: {
    id: "emergency-key-in-routine-use",
    description: "An emergency-only secret is used in a workflow an automatic trigger starts, outside a protected environment.",
    defaultSeverity: "error",
    pathContext: true,
    controls: ["NHI7", "PR.AA-05"],
    messages: {
      routine: "Secret {{name}} is emergency-only (rule at {{manifest}}:{{ruleLine}}) but this job runs on {{triggers}} without an `environment:`. Use it only in a workflow_dispatch workflow or a job that deploys to an environment with required reviewers."
    },
    help: [
      "A break-glass key exists for the day normal access fails. Used by a push, pull_request or",
      "schedule run it becomes a standing credential \u2014 always valid, used without anyone deciding to,",
      "and no longer noticed when it is (OWASP NHI7, long-lived secrets; NIST CSF PR.AA-05).",
      "",
      "**Fix:** move the step into a workflow started only by `workflow_dispatch`, or give the job an",
      "`environment:` whose protection rules require a reviewer. If the key is in fact used routinely,",
      "it is not an emergency key: drop `emergency-only: true` and give it a routine rotation."
    ].join("\n")
  },
  check(ctx) {
    const reports = [];
    for (const { ref: ref2, name, match } of governedUses(ctx)) {
      if (match?.effective.emergencyOnly !== true) continue;
      const triggers = ref2.workflow?.triggers;
      if (triggers === void 0 || ref2.workflow?.jobEnvironment === true || ref2.workflow?.manualOnly === true) continue;
      const automatic = triggers.filter((trigger) => !NOT_ROUTINE.has(trigger));
      if (automatic.length === 0) continue;
      reports.push({
        messageId: "routine",
        data: { name, manifest: ctx.manifest?.path ?? "", ruleLine: match.rule.location.line, triggers: automatic.join(", ") },
        location: ref2.location,
        secret: name,
        fingerprintKey: `${ref2.system}:${name.toUpperCase()}`,
        system: ref2.system
      });
    }
    return reports;
  }
});

// src/core/policy/rules/shared-secret.ts
function sharedAcrossTeams(uses2, named) {
  const owned = uses2.filter((use) => use.owners.length > 0);
  const groups = /* @__PURE__ */ new Map();
  for (const use of owned) {
    const owners = [...new Set(use.owners.map((owner) => owner.toLowerCase()))].sort(compareStrings);
    const key = owners.join(" ");
    const group = groups.get(key) ?? { owners, locations: [] };
    group.locations.push(use.location);
    groups.set(key, group);
  }
  if (groups.size < 2) return null;
  const sets = [...groups.values()].map((group) => new Set(group.owners));
  const [first, ...rest] = sets;
  if ([...first].some((owner) => rest.every((set) => set.has(owner)))) return null;
  const accountable = new Set(named.map((name) => name.toLowerCase()));
  if (sets.every((set) => [...set].some((owner) => accountable.has(owner)))) return null;
  return [...groups.values()].map((group) => ({ owners: group.owners, locations: group.locations.sort(compareLocations) })).sort((a, b2) => compareLocations(a.locations[0], b2.locations[0]));
}
function namedInRule(governance) {
  return [governance.owner, governance.custodian, ...governance.backup ?? []].filter((name) => name !== void 0);
}
var shared_secret_default = defineRule({
  meta: {
    id: "shared-secret",
    description: "One secret is used in files that different teams own (CODEOWNERS), while its rule names one owner.",
    defaultSeverity: "warning",
    pathContext: true,
    controls: ["NHI9", "GV.RR-02"],
    messages: {
      sharedAcrossRepos: "Organization secret {{name}} is used by repositories whose manifests name different owners ({{groups}}). Multiple teams share one automation key and no one has authority to revoke it quickly: give each team its own secret, or agree on one owner and name the others as backup in every repository.",
      shared: "Secret {{name}} is used in files different teams own ({{groups}}), but its rule ({{manifest}}:{{ruleLine}}) names one owner, {{owner}}. Multiple teams share one automation key and no one has authority to revoke it quickly: give each team its own secret, or name the other teams in the rule's `backup:`."
    },
    help: [
      "When several teams' code uses one automation key, revoking it breaks all of them \u2014 so in an",
      "incident nobody dares, and rotating it needs every team at once. Multiple teams share one",
      "automation key and no one has authority to revoke it quickly (OWASP NHI9, NHI reuse).",
      "",
      "The teams are read from the repository's CODEOWNERS (`.github/CODEOWNERS`, `CODEOWNERS` or",
      "`docs/CODEOWNERS`, the one GitHub uses): the secret is shared when no single owner owns every",
      "file that uses it. Files CODEOWNERS gives no owner are left out.",
      "",
      "**Fix:** give each team its own secret with its own rule (the clean answer: each can be",
      "rotated and revoked alone). If one key must stay shared, name every team that uses it in the",
      "rule's `owner`, `custodian` or `backup`, so all of them are on record and can be reached."
    ].join("\n")
  },
  /**
   * Across repositories: an organization secret (GitHub resolves the name to the organization's
   * in each of them) whose using repositories' manifests give it different owners. Only
   * organization secrets: two repositories' own secrets of one name are two credentials.
   */
  checkOrg(ctx) {
    const uses2 = /* @__PURE__ */ new Map();
    for (const repository of ctx.repositories) {
      for (const entry of repository.secrets) {
        if (entry.system !== "github-actions" || entry.kind !== "secret" || entry.owner === null) continue;
        if (resolveStoredSecret(repository.storedSecrets, entry.name)?.store !== "organization") continue;
        const first = [...entry.references].sort(compareLocations)[0];
        if (!first) continue;
        const name = entry.name.toUpperCase();
        uses2.set(name, [...uses2.get(name) ?? [], { repo: repository.name, location: { file: first.file, line: first.line, column: first.column }, owners: [entry.owner] }]);
      }
    }
    const reports = [];
    for (const [name, list] of [...uses2].sort(([a], [b2]) => compareStrings(a, b2))) {
      const sorted = list.sort((a, b2) => compareStrings(a.repo, b2.repo));
      const groups = sharedAcrossTeams(sorted.map((use) => ({ location: { ...use.location, file: use.repo }, owners: use.owners })), []);
      if (groups === null) continue;
      const first = sorted[0];
      const described = groups.map((group) => {
        const repos = [...new Set(group.locations.map((location) => location.file))];
        return `${group.owners.join(" ")}: ${repos.slice(0, 3).join(", ")}${repos.length > 3 ? ` and ${repos.length - 3} more` : ""}`;
      });
      reports.push({
        repo: first.repo,
        messageId: "sharedAcrossRepos",
        data: { name, groups: described.join("; ") },
        location: first.location,
        secret: name,
        fingerprintKey: `organization:${name}`,
        system: "github-actions"
      });
    }
    return reports;
  },
  check(ctx) {
    const codeowners = ctx.codeowners;
    if (codeowners === null) return [];
    const bySecret = /* @__PURE__ */ new Map();
    for (const use of governedUses(ctx)) {
      if (!use.match?.effective.owner) continue;
      const key = secretKey(use.ref, use.name);
      bySecret.set(key, [...bySecret.get(key) ?? [], use]);
    }
    const reports = [];
    for (const [key, uses2] of bySecret) {
      const first = uses2[0];
      const match = first.match;
      if (match === null) continue;
      const owned = uses2.map((use) => ({ location: use.ref.location, owners: codeownersOf(codeowners, use.ref.location.file)?.owners ?? [] }));
      const groups = sharedAcrossTeams(owned, namedInRule(match.effective));
      if (groups === null) continue;
      const described = groups.map((group) => `${group.owners.join(" ")}: ${[...new Set(group.locations.map((l) => l.file))].join(", ")}`);
      const at = groups[0]?.locations[0];
      reports.push({
        messageId: "shared",
        data: {
          name: first.name,
          groups: described.join("; "),
          manifest: ctx.manifest?.path ?? "",
          ruleLine: match.rule.location.line,
          owner: match.effective.owner
        },
        location: at,
        secret: first.name,
        fingerprintKey: key,
        system: first.ref.system
      });
    }
    return reports;
  }
});
function secretKey(ref2, name) {
  return `${ref2.system}:${ref2.system === "github-actions" ? name.toUpperCase() : name}`;
}

// src/core/policy/rules/static-cloud-credential.ts
var CLOUD_LOGINS = [
  {
    action: "aws-actions/configure-aws-credentials",
    inputs: ["aws-access-key-id", "aws-secret-access-key"],
    cloud: "AWS",
    federation: "assume an IAM role through GitHub's OIDC provider (`role-to-assume:` and `permissions: id-token: write`), then delete the access key"
  },
  {
    action: "google-github-actions/auth",
    inputs: ["credentials_json"],
    cloud: "Google Cloud",
    federation: "use Workload Identity Federation (`workload_identity_provider:`, `service_account:` and `permissions: id-token: write`), then delete the service account key"
  },
  {
    action: "google-github-actions/setup-gcloud",
    inputs: ["service_account_key"],
    cloud: "Google Cloud",
    federation: "authenticate with google-github-actions/auth and Workload Identity Federation, then delete the service account key"
  },
  {
    action: "azure/login",
    inputs: ["creds"],
    cloud: "Azure",
    federation: "sign in with OpenID Connect (`client-id:`, `tenant-id:`, `subscription-id:`, a federated credential on the app registration and `permissions: id-token: write`), then delete the client secret"
  }
];
var CLOUD_ENV_KEYS = [
  {
    variables: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
    cloud: "AWS",
    federation: "assume an IAM role with aws-actions/configure-aws-credentials through GitHub's OIDC provider (`role-to-assume:` and `permissions: id-token: write`), which gives later steps short-lived AWS_* variables, then delete the access key"
  },
  {
    variables: ["GOOGLE_CREDENTIALS", "GOOGLE_CLOUD_KEYFILE_JSON"],
    cloud: "Google Cloud",
    federation: "authenticate with google-github-actions/auth and Workload Identity Federation, which gives later steps short-lived credentials, then delete the service account key"
  },
  {
    variables: ["AZURE_CLIENT_SECRET", "ARM_CLIENT_SECRET"],
    cloud: "Azure",
    federation: "sign in with OpenID Connect (azure/login with `client-id:`, or `ARM_USE_OIDC: true` for Terraform, a federated credential on the app registration and `permissions: id-token: write`), then delete the client secret"
  }
];
function envSetting(route) {
  const match = route === void 0 ? null : /(?:^|\.)env(?:\.([A-Za-z0-9_$-]+)|\[("(?:[^"\\]|\\.)*")\])$/.exec(route);
  if (match === null) return null;
  const scope = match.index === 0 ? "" : route.slice(0, match.index);
  if (match[1] !== void 0) return { scope, variable: match[1] };
  try {
    return { scope, variable: JSON.parse(match[2]) };
  } catch {
    return null;
  }
}
function actionPath(uses2) {
  const at = uses2.indexOf("@");
  return (at < 0 ? uses2 : uses2.slice(0, at)).trim().toLowerCase();
}
var static_cloud_credential_default = defineRule({
  meta: {
    id: "static-cloud-credential",
    description: "A long-lived cloud key is handed to a cloud login action, or set as the cloud SDK's key variable, where OIDC federation would need no stored secret.",
    defaultSeverity: "warning",
    pathContext: true,
    controls: ["NHI6", "NHI7", "PR.AA-03"],
    messages: {
      static: "{{cloud}} login with a stored key ({{names}}) in {{action}}: instead {{federation}}.",
      staticEnv: "{{cloud}} credentials from a stored key ({{names}} set as {{variables}} in `env:`): instead {{federation}}."
    },
    help: [
      "AWS, Google Cloud and Azure all trust GitHub's OIDC tokens: a workflow can get short-lived cloud",
      "credentials for exactly one run, with no secret stored anywhere. A static access key, service",
      "account key or client secret in a repository secret is a long-lived credential that works from",
      "anywhere until someone remembers to rotate it (OWASP NHI6, insecure cloud deployment",
      "configuration; NHI7, long-lived secrets).",
      "",
      "The same holds for a key set in an `env:` block as the variable the cloud's SDK, CLI or",
      "Terraform provider reads (`AWS_SECRET_ACCESS_KEY`, `GOOGLE_CREDENTIALS`, `ARM_CLIENT_SECRET`, ...).",
      "",
      "**Fix:** configure federation as the message says, remove the key input or variable, delete",
      "the repository secret and deactivate the key in the cloud console. A key for an S3-compatible",
      "store that is not AWS has no federation to move to: suppress the finding with that reason."
    ].join("\n")
  },
  check(ctx) {
    const steps = /* @__PURE__ */ new Map();
    const blocks = /* @__PURE__ */ new Map();
    for (const { ref: ref2, name } of governedUses(ctx)) {
      const { uses: uses2, input, stepLocation } = ref2.workflow ?? {};
      const login = uses2 === void 0 || input === void 0 ? void 0 : CLOUD_LOGINS.find((row) => row.action === actionPath(uses2) && row.inputs.includes(input));
      if (login !== void 0) {
        const key2 = `${ref2.location.file}\0${stepLocation?.line ?? 0}\0${stepLocation?.column ?? 0}`;
        const step = steps.get(key2) ?? { login, group: newGroup() };
        addTo(step.group, ref2, name);
        steps.set(key2, step);
        continue;
      }
      const setting = ref2.system === "github-actions" ? envSetting(ref2.route) : null;
      const keys = setting === null ? void 0 : CLOUD_ENV_KEYS.find((row) => row.variables.includes(setting.variable.toUpperCase()));
      if (setting === null || keys === void 0) continue;
      const key = `${ref2.location.file}\0${setting.scope}\0${keys.cloud}`;
      const block = blocks.get(key) ?? { keys, scope: setting.scope, variables: /* @__PURE__ */ new Set(), group: newGroup() };
      addTo(block.group, ref2, name);
      block.variables.add(setting.variable.toUpperCase());
      blocks.set(key, block);
    }
    const reports = [];
    for (const { login, group } of steps.values()) {
      const { first, names, secret } = summarize(group);
      reports.push({
        messageId: "static",
        data: { cloud: login.cloud, names: names.join(", "), action: login.action, federation: login.federation },
        location: first.location,
        secret,
        fingerprintKey: `${login.action}:${names.join(",")}`,
        system: first.system
      });
    }
    for (const { keys, scope, variables, group } of blocks.values()) {
      const { first, names, secret } = summarize(group);
      const sortedVariables = [...variables].sort();
      reports.push({
        messageId: "staticEnv",
        data: { cloud: keys.cloud, names: names.join(", "), variables: sortedVariables.join(", "), federation: keys.federation },
        location: first.location,
        secret,
        // The job, not the step's index: adding a step above must not make it a new finding.
        fingerprintKey: `env:${keys.cloud}:${scope.replace(/\[\d+\]/g, "[]")}:${sortedVariables.join(",")}:${names.join(",")}`,
        system: first.system
      });
    }
    return reports;
  }
});
var newGroup = () => ({ refs: [], names: /* @__PURE__ */ new Set() });
function addTo(group, ref2, name) {
  group.refs.push(ref2);
  group.names.add(name.toUpperCase());
}
function summarize(group) {
  const first = group.refs.reduce((a, b2) => b2.location.line < a.location.line || b2.location.line === a.location.line && b2.location.column < a.location.column ? b2 : a);
  const names = [...group.names].sort();
  return { first, names, secret: names.length === 1 ? first.name : null };
}

// src/core/policy/rules/secret-to-unpinned-action.ts
var FIRST_PARTY = /^(?:actions|github)\//i;
var COMMIT_SHA = /@[0-9a-f]{40}$/i;
var IMAGE_DIGEST = /@sha256:[0-9a-f]{64}$/i;
var IDENTIFIER_NAME = /(?:^|_)(?:id|user|username|login|email|region|host|hostname|org|organization|account)$/;
function namesAnIdentifier(name) {
  return IDENTIFIER_NAME.test(normalizeKey(name));
}
function unpinnedReason(uses2) {
  const value = uses2.trim();
  if (value.startsWith("./") || value.startsWith("../")) return null;
  if (value.toLowerCase().startsWith("docker://")) {
    return IMAGE_DIGEST.test(value) ? null : "a container image without an @sha256: digest";
  }
  if (FIRST_PARTY.test(value)) return null;
  if (COMMIT_SHA.test(value)) return null;
  const at = value.lastIndexOf("@");
  return at < 0 ? "no version at all" : `\`@${value.slice(at + 1)}\`, a tag or branch its owner can move`;
}
var secret_to_unpinned_action_default = defineRule({
  meta: {
    id: "secret-to-unpinned-action",
    description: "A secret is handed to a third-party action that is not pinned to a full commit SHA.",
    defaultSeverity: "warning",
    pathContext: true,
    controls: ["NHI3", "GV.SC-07"],
    messages: {
      unpinned: "Secret {{name}} is handed to {{action}}, which is pinned to {{reason}}. Pin it to a full commit SHA (`{{path}}@<40-hex-sha> # {{ref}}`) so new code cannot receive the secret unreviewed."
    },
    help: [
      "Whoever controls a third-party action's tag controls the code that receives your secret. Tags",
      "and branches can be moved to new code at any time \u2014 as in the tj-actions/changed-files",
      "compromise of 2025, which dumped CI secrets from thousands of repositories (OWASP NHI3,",
      "vulnerable third-party NHI; NIST CSF GV.SC-07).",
      "",
      "**Fix:** pin `uses:` to the full 40-character commit SHA of the version you reviewed, with the",
      "tag in a comment (`owner/action@<sha> # v4.2.0`); Dependabot and Renovate keep such pins",
      "up to date. For `docker://` images pin the `@sha256:` digest. Actions published by GitHub",
      "(`actions/*`, `github/*`) and local actions (`./\u2026`) are exempt, and so are secrets whose names say",
      "they hold an identifier (`*_CLIENT_ID`, `*_USERNAME`), not a credential."
    ].join("\n")
  },
  check(ctx) {
    const reports = [];
    for (const { ref: ref2, name } of governedUses(ctx)) {
      const uses2 = ref2.workflow?.uses;
      if (uses2 === void 0 || namesAnIdentifier(name)) continue;
      const reason = unpinnedReason(uses2);
      if (reason === null) continue;
      const at = uses2.lastIndexOf("@");
      reports.push({
        messageId: "unpinned",
        data: { name, action: uses2, reason, path: at < 0 ? uses2 : uses2.slice(0, at), ref: at < 0 ? "version" : uses2.slice(at + 1) },
        location: ref2.location,
        secret: name,
        fingerprintKey: `${actionPath(uses2)}:${ref2.system}:${name.toUpperCase()}`,
        system: ref2.system
      });
    }
    return reports;
  }
});

// src/core/policy/rules/agent-reachable-secret.ts
var AGENT_MAX_ROTATION_DAYS = 30;
function agentGaps(match) {
  if (match === null) return ["no ownership rule covers it"];
  const governance = match.effective;
  if (governance.agents === "denied") return ["its rule says `agents: denied`"];
  const gaps = [];
  if (governance.agents !== "allowed") gaps.push("its rule does not say `agents: allowed`");
  if (match.rule.scope === void 0) gaps.push("its rule has no `scope`");
  const days = governance.rotation === void 0 ? null : parseDuration(governance.rotation);
  if (days === null) gaps.push(`its rule sets no rotation (at most ${AGENT_MAX_ROTATION_DAYS}d)`);
  else if (days > AGENT_MAX_ROTATION_DAYS) gaps.push(`its rotation ${governance.rotation} is longer than ${AGENT_MAX_ROTATION_DAYS}d`);
  return gaps;
}
var agent_reachable_secret_default = defineRule({
  meta: {
    id: "agent-reachable-secret",
    description: "A secret reaches an AI agent step without a rule that allows agents, scopes the secret and rotates it within 30 days.",
    defaultSeverity: "error",
    pathContext: true,
    controls: ["NHI5", "NHI7", "PR.AA-05", "AI-RMF.GOVERN-2.1"],
    messages: {
      reachable: "Secret {{name}} reaches an AI agent ({{agent}}) but {{gaps}}. An agent may chain actions with whatever it can read: allow it explicitly, with a scope and a rotation of {{maxDays}}d or less.",
      reachableIdentity: "Identity-system secret {{name}} reaches an AI agent ({{agent}}) but {{gaps}}. With it the agent can change who has access to what: keep it away from the agent, or allow it explicitly, with a scope and a rotation of {{maxDays}}d or less."
    },
    help: [
      "An AI agent decides its next action from its input \u2014 issue text, a diff, a web page \u2014 and can",
      "run tools with every secret in its environment. Where identity automation is part of an agentic",
      "workflow the key may unlock chained actions nobody reviewed, so ownership must be stricter",
      "(OWASP NHI5, overprivileged NHI; NHI7, long-lived secrets; NIST AI RMF GOVERN 2.1, roles and",
      "responsibilities for AI risk).",
      "",
      "A secret reaches an agent when it is set in the agent step's `with:`, `env:` or `run:`, or in",
      "the `env:` of its job or workflow. Agents are recognised from a list kept as data",
      "(`src/core/agents.ts`): agent actions such as `anthropics/claude-code-action`, and agent CLIs",
      "such as `claude`, `codex`, `gemini` started in a `run:` script.",
      "",
      "**Fix:** pass the agent only what it needs. For each secret it must have, the owner adds",
      "`agents: allowed` to the secret's rule with a `scope:` and a `rotation:` of 30 days or less."
    ].join("\n")
  },
  check(ctx) {
    const reports = [];
    for (const { ref: ref2, name, match } of governedUses(ctx)) {
      const agent = ref2.workflow?.agent;
      if (agent === void 0) continue;
      const gaps = agentGaps(match);
      if (gaps.length === 0) continue;
      const identity = isIdentityKey(name);
      reports.push({
        messageId: identity ? "reachableIdentity" : "reachable",
        data: { name, agent, gaps: gaps.join(", "), maxDays: AGENT_MAX_ROTATION_DAYS },
        location: ref2.location,
        secret: name,
        fingerprintKey: `${ref2.system}:${name.toUpperCase()}:${agent}`,
        system: ref2.system,
        identity
      });
    }
    return reports;
  }
});

// src/core/policy/rules/rotation-due-soon.ts
var DUE_SOON_DAYS = 14;
var rotation_due_soon_default = defineRule({
  meta: {
    id: "rotation-due-soon",
    description: `A secret's rotation falls due within ${DUE_SOON_DAYS} days.`,
    defaultSeverity: "note",
    dated: true,
    controls: ["NHI7", "PR.AA-01"],
    messages: {
      dueSoon: "{{subject}} is due for rotation on {{due}}, in {{left}} day(s): last rotated on {{rotated}} ({{source}}), rotation every {{cadence}}."
    },
    help: [
      "A heads-up before rotation-overdue turns into a failing check: rotating on schedule is cheaper",
      "than rotating in a hurry (OWASP NHI7, long-lived secrets).",
      "",
      "**Fix:** plan the rotation with the custodian; afterwards record the day in the rule's `rotated:`."
    ].join("\n")
  },
  check(ctx) {
    if (ctx.now === void 0) return [];
    const today = dayOf(ctx.now);
    const reports = [];
    for (const subject of rotationSubjects(ctx)) {
      const left = subject.due - today;
      if (left < 0 || left > DUE_SOON_DAYS) continue;
      reports.push({
        messageId: "dueSoon",
        data: {
          subject: capitalize(subject.subject),
          due: formatIsoDate(subject.due),
          left,
          rotated: formatIsoDate(subject.lastRotated),
          source: subject.source,
          cadence: subject.cadence
        },
        location: subject.location,
        secret: subject.secret,
        fingerprintKey: subject.key
      });
    }
    return reports;
  }
});

// src/core/policy/rules/rotation-overdue.ts
var rotation_overdue_default = defineRule({
  meta: {
    id: "rotation-overdue",
    description: "A secret's last recorded rotation is older than its rotation cadence allows.",
    defaultSeverity: "error",
    dated: true,
    controls: ["NHI7", "PR.AA-01"],
    messages: {
      future: "The rule for {{patterns}} says `rotated: {{rotated}}`, a day still to come, so its rotation cannot be judged. Write the day the secret was last rotated.",
      overdue: "{{subject}} was last rotated on {{rotated}} ({{source}}); rotation every {{cadence}} made it due on {{due}}, {{late}} day(s) ago. Rotate it, then update `rotated:` in {{manifest}}."
    },
    help: [
      "A rotation cadence nobody follows is a long-lived secret with paperwork: the longer a credential",
      "lives, the longer a leaked copy keeps working (OWASP NHI7, long-lived secrets). The last rotation",
      "is the later of the rule's `rotated:` date and, where the Action or App can read it, the date",
      "GitHub last saw the secret's value change (`updated_at`).",
      "",
      "**Fix:** have the custodian rotate the secret, then record the day in the rule's `rotated:`.",
      "If the cadence is wrong, change `rotation:` with the owner's agreement."
    ].join("\n")
  },
  check(ctx) {
    if (ctx.now === void 0 || ctx.manifest === null) return [];
    const today = dayOf(ctx.now);
    const reports = [];
    for (const rule of ctx.manifest.rules) {
      const recorded = rule.rotated === void 0 ? null : parseIsoDate(rule.rotated);
      if (recorded === null || recorded <= today) continue;
      reports.push({
        messageId: "future",
        data: { patterns: ruleLabel(rule), rotated: rule.rotated },
        location: rule.fieldLocations["rotated"] ?? rule.location,
        secret: null,
        fingerprintKey: `${ruleLabel(rule)}:future`,
        severity: "warning"
      });
    }
    for (const subject of rotationSubjects(ctx)) {
      if (subject.due >= today) continue;
      reports.push({
        messageId: "overdue",
        data: {
          subject: capitalize(subject.subject),
          rotated: formatIsoDate(subject.lastRotated),
          source: subject.source,
          cadence: subject.cadence,
          due: formatIsoDate(subject.due),
          late: today - subject.due,
          manifest: ctx.manifest.path
        },
        location: subject.location,
        secret: subject.secret,
        fingerprintKey: subject.key
      });
    }
    return reports;
  }
});

// src/core/policy/index.ts
var RULES = [
  unowned_secret_default,
  hardcoded_secret_default,
  scope_violation_default,
  overbroad_secrets_default,
  owner_not_team_default,
  orphaned_owner_default,
  missing_lifecycle_default,
  stale_rule_default,
  invalid_manifest_default,
  unused_secret_default,
  environment_reuse_default,
  overexposed_org_secret_default,
  rotation_overdue_default,
  rotation_due_soon_default,
  review_overdue_default,
  vendor_key_governance_default,
  emergency_key_in_routine_use_default,
  shared_secret_default,
  static_cloud_credential_default,
  secret_to_unpinned_action_default,
  agent_reachable_secret_default
];
var RULES_BY_ID = new Map(RULES.map((rule) => [rule.meta.id, rule]));

// src/core/policy/suppress.ts
var MARKER = "secretowners:ignore";
var IGNORE = /secretowners:ignore(?:\[([a-z0-9,\s-]*)\])?(?:[ \t]+(.*?))?\s*(?:-->|\*\/)?\s*$/;
function collectInlineIgnores(file) {
  const ignores = /* @__PURE__ */ new Map();
  if (!file.text.includes(MARKER)) return ignores;
  const lines = file.text.split(/\r?\n/);
  lines.forEach((text, index) => {
    if (!text.includes(MARKER)) return;
    const match = IGNORE.exec(text);
    if (!match) return;
    const rules = match[1]?.split(",").map((id) => id.trim()).filter((id) => id !== "");
    const ignore2 = {
      rules: rules && rules.length > 0 ? rules : null,
      reason: match[2]?.trim() || "no reason given"
    };
    ignores.set(index + 1, ignore2);
    if (!ignores.has(index + 2)) ignores.set(index + 2, ignore2);
  });
  return ignores;
}

// src/core/scan.ts
function scanFile(file, extractors = EXTRACTORS, detection) {
  const refs = [];
  const diagnostics = [];
  const credentials = [];
  const candidates = [];
  const presumed = [];
  const plainDeclarations = [];
  for (const extractor of extractors) {
    if (!extractor.matches(file.path)) continue;
    const result = safeExtract(extractor, file);
    refs.push(...result.refs);
    diagnostics.push(...result.diagnostics);
    if (result.literals) credentials.push(...vetLiterals(file.path, result.literals, detection));
    if (result.candidates) candidates.push(...result.candidates);
    if (result.presumed) presumed.push(...result.presumed);
    if (result.plainDeclarations) plainDeclarations.push(...result.plainDeclarations);
  }
  credentials.push(...detectCredentials(file, detection), ...fileNameCredentials(file.path, detection));
  const ignores = collectInlineIgnores(file);
  return { path: file.path, bytes: file.text.length, refs, diagnostics, credentials, candidates, presumed, plainDeclarations, ignores: [...ignores] };
}
function safeExtract(extractor, file) {
  try {
    return extractor.extract(file);
  } catch (error) {
    const reason = error instanceof Error ? error.name : "unknown error";
    return {
      refs: [],
      diagnostics: [
        {
          source: extractor.id,
          location: { file: file.path, line: 1, column: 1 },
          message: `internal error in the ${extractor.id} extractor (${reason}); this file was not scanned for ${extractor.id} secrets. Please report it.`
        }
      ]
    };
  }
}
var BUILT_IN_DETECTORS = new Set([...DETECTORS, ...STRUCTURAL_DETECTORS, ...FILE_NAME_DETECTORS].map((d) => d.id));

// src/node/walk.ts
import { isAscii } from "node:buffer";
import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from "node:fs";
import { relative, sep } from "node:path";

// src/node/ignore-rules.ts
var import_ignore = __toESM(require_ignore(), 1);

// src/node/walk.ts
var SNIFF_BYTES = 8e3;
function underRoot(root, path) {
  return root.endsWith("/") || root.endsWith(sep) ? `${root}${path}` : `${root}${sep}${path}`;
}
var readBuffer = Buffer.allocUnsafe(64 * 1024);
function readSourceFile(path, absolute, maxFileBytes) {
  let fd;
  try {
    fd = openSync(absolute, "r");
    const length = readAll(fd, maxFileBytes);
    if (length < 0) return { kind: "skipped", skipped: { file: path, reason: "binary" } };
    if (length > maxFileBytes) {
      return { kind: "skipped", skipped: { file: path, reason: "too-large", detail: `${fstatSync(fd).size} bytes > ${maxFileBytes}` } };
    }
    return { kind: "file", file: { path, text: decodeText(readBuffer.subarray(0, length)) } };
  } catch (error) {
    return { kind: "skipped", skipped: { file: path, reason: "unreadable", detail: describe(error) } };
  } finally {
    if (fd !== void 0) closeSync(fd);
  }
}
function readAll(fd, max) {
  let length = 0;
  let sniffed = false;
  for (; ; ) {
    if (length === readBuffer.length) {
      if (length > max) return length;
      const grown = Buffer.allocUnsafe(Math.min(readBuffer.length * 2, max + 1));
      readBuffer.copy(grown, 0, 0, length);
      readBuffer = grown;
    }
    const end = sniffed ? readBuffer.length : Math.min(readBuffer.length, SNIFF_BYTES);
    const n = readSync(fd, readBuffer, length, end - length, null);
    length += n;
    if (!sniffed && (length >= SNIFF_BYTES || n === 0)) {
      sniffed = true;
      if (looksBinary(readBuffer.subarray(0, length))) return -1;
    }
    if (n === 0) return length;
  }
}
function looksBinary(bytes) {
  return bytes.subarray(0, SNIFF_BYTES).indexOf(0) !== -1;
}
function decodeText(bytes) {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return isAscii(buffer) ? buffer.toString("latin1") : buffer.toString("utf8");
}
function describe(error) {
  if (error && typeof error === "object" && "code" in error) return String(error.code);
  return "unreadable";
}

// src/node/parallel-scan.ts
var BATCH = 16;
var NEXT = 0;
var COMPLETED = 1;
function claimBatches(root, files, maxFileBytes, control, detection, post) {
  for (; ; ) {
    const start = Atomics.add(control, NEXT, BATCH);
    if (start >= files.length) return;
    let message;
    try {
      message = { start, outcomes: files.slice(start, start + BATCH).map((file) => scanOne(root, file, maxFileBytes, detection)) };
    } catch (error) {
      message = { start, error: error instanceof Error ? error.name : "unknown error" };
    }
    post(message);
    Atomics.add(control, COMPLETED, 1);
    Atomics.notify(control, COMPLETED);
  }
}
function runScanWorker(input) {
  const detection = input.detection === void 0 ? void 0 : compileManifestDetection(input.detection.detectors, input.detection.allowlist);
  claimBatches(input.root, input.files, input.maxFileBytes, input.control, detection, (message) => input.port.postMessage(message));
  input.port.close();
}
function scanOne(root, path, maxFileBytes, detection) {
  const read = readSourceFile(path, underRoot(root, path), maxFileBytes);
  return read.kind === "skipped" ? read : { kind: "file", scan: scanFile(read.file, void 0, detection) };
}

// src/node/scan-worker.ts
if (!isMainThread) runScanWorker(workerData);
/*! Bundled license information:

re2js/build/index.js:
  (*!
  * re2js
  * RE2JS is the JavaScript port of RE2, a regular expression engine that provides linear time matching
  *
  * @version v2.10.0
  * @author Oleksii Vasyliev
  * @homepage https://github.com/le0pard/re2js#readme
  * @repository [object Object]
  * @license MIT
  *)
*/
