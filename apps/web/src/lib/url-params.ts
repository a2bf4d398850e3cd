/** A page's `searchParams` prop, as Next hands it to a server component. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The page's query string as the browser's `useSearchParams()` reads it (first value of a repeated key). */
export async function urlParams(searchParams: SearchParams): Promise<URLSearchParams> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(await searchParams)) {
    for (const one of [value].flat()) if (one !== undefined) params.append(name, one);
  }
  return params;
}
