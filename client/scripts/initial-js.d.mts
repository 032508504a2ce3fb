export interface InitialJs {
  readonly chunks: { file: string; raw: number; gzip: number }[];
  readonly raw: number;
  readonly gzip: number;
}
export function initialJs(distDir: string): InitialJs;
