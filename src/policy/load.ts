// Reads APPSVC_CONFIG: YAML → schema → cross-checks → Policy. Throws PolicyError listing every problem
// with its path and line, so a bad policy stops the bot at start instead of granting the wrong rights.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import { compile, crossCheck } from "./compile.ts";
import type { Policy } from "./policy.ts";
import { fromZodIssues, PolicyError, type PolicyProblem, toPolicyProblems } from "./problems.ts";
import { policySchema } from "./schema.ts";

const FILE = "(file)";

/** Parses policy text; `source` names the file in messages. Pure apart from hashing. */
export function parsePolicy(text: string, source = "policy"): Policy {
  const lines = new LineCounter();
  // uniqueKeys: a key written twice (two `restart:` entries) is an error, never "the last one wins".
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new PolicyError(
      source,
      doc.errors.map((e) => ({
        path: "(YAML syntax)",
        line: e.linePos?.[0]?.line,
        message: `${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}; fix the YAML (indentation, quotes, a missing ":")`,
      })),
    );
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) {
    throw new PolicyError(source, [
      {
        path: FILE,
        message:
          "the file is empty: write roles, defaults and bindings (copy policy.example.yml), or unset APPSVC_CONFIG for a read-only bot",
      },
    ]);
  }
  const parsed = policySchema.safeParse(value);
  const raw = [...(parsed.success ? [] : fromZodIssues(parsed.error.issues)), ...crossCheck(value)];
  if (raw.length || !parsed.success) throw new PolicyError(source, toPolicyProblems(doc, lines, raw));
  const fingerprint = createHash("sha256").update(text).digest("hex").slice(0, 12);
  return compile(parsed.data, { source, fingerprint });
}

function fileProblem(file: string, err: unknown): PolicyProblem {
  const code = (err as { code?: string })?.code;
  const message =
    code === "ENOENT"
      ? `APPSVC_CONFIG points to ${file}, which does not exist: create it (copy policy.example.yml) or unset APPSVC_CONFIG for a read-only bot`
      : code === "EISDIR"
        ? `${file} is a folder: point APPSVC_CONFIG to the policy YAML file itself`
        : code === "EACCES" || code === "EPERM"
          ? `${file} cannot be read by the bot's user (${code}): make it readable`
          : `${file} cannot be read: ${(err as Error)?.message ?? String(err)}`;
  return { path: FILE, message };
}

/**
 * The policy at `file` (Config.policyFile). No file → `undefined`: the bot is read-only, every app is
 * visible and every write explains how to enable writes.
 */
export async function loadPolicy(file: string): Promise<Policy>;
export async function loadPolicy(file: string | undefined): Promise<Policy | undefined>;
export async function loadPolicy(file: string | undefined): Promise<Policy | undefined> {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new PolicyError(file, [fileProblem(file, err)]);
  }
  return parsePolicy(text, file);
}
