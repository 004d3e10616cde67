// Fonts ship with the app: a slim container has none, and Skia then draws charts without a single
// glyph and raises no error. Inter comes from an npm package and is registered explicitly.
import { createRequire } from "node:module";
import { GlobalFonts } from "@napi-rs/canvas";

export const FONT_FAMILY = "Inter";

const require = createRequire(import.meta.url);

/** The weights the charts use; all are registered under one family so `font-weight` picks the file. */
const FILES = [
  "@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf",
  "@expo-google-fonts/inter/500Medium/Inter_500Medium.ttf",
  "@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf",
] as const;

let registered = false;

/** Resolved TTF paths (throws when the package is missing, which is better than glyph-less PNGs). */
export function fontPaths(): string[] {
  return FILES.map((f) => require.resolve(f));
}

/** Registers Inter 400/500/600 once per process; throws if Skia rejects a file. */
export function registerFonts(): void {
  if (registered) return;
  for (const path of fontPaths()) {
    if (!GlobalFonts.registerFromPath(path, FONT_FAMILY)) throw new Error(`charts: could not register font ${path}`);
  }
  registered = true;
}
