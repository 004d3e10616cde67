// Problems in a policy file, each with its YAML path, line and what to write instead; PolicyError lists
// every problem of the file at once so a person fixes it in one pass.
import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";
import type { z } from "zod";
import { didYouMean, type PathSegment, type RawProblem } from "./compile.ts";
import { knownKeysAt, show } from "./schema.ts";

export interface PolicyProblem {
  /** e.g. "bindings[0].actions.restart.approve[1]"; "(file)" for problems with the file itself. */
  path: string;
  line?: number;
  message: string;
}

export class PolicyError extends Error {
  readonly source: string;
  readonly problems: PolicyProblem[];
  constructor(source: string, problems: PolicyProblem[]) {
    const n = problems.length;
    super(
      `Policy file ${source} has ${n} problem${n === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}\nFix ${n === 1 ? "it" : "them"} and start again; policy.example.yml shows every option.`,
    );
    this.name = "PolicyError";
    this.source = source;
    this.problems = problems;
  }
}

export function formatProblem(p: PolicyProblem): string {
  const where = p.line === undefined ? p.path : `${p.path} (line ${p.line})`;
  return `${where}: ${p.message}`;
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) out += typeof seg === "number" ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || "(top level)";
}

/** zod issues → problems: one per unknown key (with a suggestion), the schema's own message otherwise. */
export function fromZodIssues(issues: z.core.$ZodIssue[]): RawProblem[] {
  const out: RawProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(path);
      for (const key of issue.keys) {
        const what = known === knownKeysAt(["bindings", 0, "actions"]) ? "action" : "key";
        out.push({
          path: [...path, key],
          atKey: true,
          message: `unknown ${what} ${show(key)}${didYouMean(key, known)}${known.length ? ` (allowed: ${known.join(", ")})` : ""}`,
        });
      }
    } else if (issue.code === "invalid_key") {
      // A bad map key (a role name): the key schema's own message says what is wrong with it.
      out.push({ path, atKey: true, message: issue.issues.map((i) => i.message).join("; ") || issue.message });
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

/**
 * Where `path` is in the YAML: its line, and the path as the file writes it. The schema sees `approve: leads`
 * as a one-element list and the action list shorthand as a map, so the path is cut where the file has a
 * scalar and a list item stands for a map key.
 */
export function locate(
  doc: Document,
  lines: LineCounter,
  path: readonly PathSegment[],
  atKey = false,
): { line?: number; path: PathSegment[] } {
  let node: unknown = doc.contents;
  let range: readonly number[] | undefined = (node as Node | null)?.range ?? undefined;
  const shown: PathSegment[] = [];
  const at = () => (range ? lines.linePos(range[0]).line : undefined);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return { line: at(), path: [...shown, ...path.slice(i)] }; // a missing key: say which
      shown.push(seg);
      const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
      node = pair.value;
      range = last && atKey ? (keyRange ?? undefined) : ((pair.value as Node | null)?.range ?? keyRange ?? undefined);
    } else if (isSeq(node)) {
      const item =
        typeof seg === "number" ? node.items[seg] : node.items.find((x) => isScalar(x) && String(x.value) === seg);
      if (!item) return { line: at(), path: [...shown, ...path.slice(i)] };
      shown.push(typeof seg === "number" ? seg : node.items.indexOf(item));
      node = item;
      range = (item as Node).range ?? range;
    } else {
      break; // a scalar: the rest of the path is the schema's view, not the file's
    }
  }
  return { line: at(), path: shown };
}

export function toPolicyProblems(doc: Document, lines: LineCounter, raw: RawProblem[]): PolicyProblem[] {
  const out = raw.map((p) => {
    const at = locate(doc, lines, p.path, p.atKey);
    return { path: formatPath(at.path), line: at.line, message: p.message };
  });
  const seen = new Set<string>();
  return out
    .filter((p) => {
      const k = `${p.path}\u0000${p.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
