/** The path (and query) a page was asked for, set by the proxy: layouts do not see the URL otherwise. */
export const REQUEST_PATH_HEADER = 'x-allocation-path';
