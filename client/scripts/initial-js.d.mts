export interface RouteJs {
  readonly chunks: { file: string; raw: number; gzip: number }[];
  readonly raw: number;
  readonly gzip: number;
}
/** The signed-in route: the entry, the app it loads at once (app-root) and their static imports. */
export function initialJs(distDir: string): RouteJs;
/** The first visit's sign-in form: the entry and its static imports. */
export function signInJs(distDir: string): RouteJs;
