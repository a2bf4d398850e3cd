/** Where each thing the app names is shown: a sku's stock, an order's lines. */
export const stockHref = (sku: string) => `/manager/stock?sku=${encodeURIComponent(sku)}`;
export const orderHref = (orderid: string) => `/manager/orders?orderid=${encodeURIComponent(orderid)}`;
