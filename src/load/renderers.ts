// Directories that are rendered by a tool before linting (Helm charts, Kustomize overlays).
// The walker hands a directory to the first renderer whose marker file it contains.
import type { ResolvedConfig } from '../config/types.js';
import { helmRenderer } from './helm.js';
import { kustomizeRenderer } from './kustomize.js';
import { parseRenderedStdin } from './rendered-stdin.js';
import type { ParsedText } from './yaml.js';

export interface Renderer {
  /** e.g. "helm" */
  name: string;
  /** File names that mark a directory as this renderer's input (e.g. Chart.yaml). */
  markers: string[];
  /**
   * Renders the directory; each entry is one render (a chart may be rendered per values file).
   * `cwd` is what display paths are relative to (default: process.cwd()).
   */
  render(dir: string, config: ResolvedConfig, cwd?: string): Promise<ParsedText[]>;
  /**
   * Given every directory this renderer claimed in one walk (nested ones included), the ones to
   * render. Without it, a marker directory nested in another is rendered by its parent (charts/).
   */
  select?(dirs: string[]): string[];
}

/** Registered renderers, in priority order. Helm and Kustomize register here. */
export const renderers: Renderer[] = [helmRenderer, kustomizeRenderer];

/** Parses text from stdin. Rendered streams (`# Source:` comments, origin annotations) map back to their files. */
export function parseStdin(text: string, config: ResolvedConfig, cwd?: string): ParsedText {
  return parseRenderedStdin(text, config, cwd);
}
