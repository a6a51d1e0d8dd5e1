// The demo legacy ERP's server-rendered pages: plain HTML forms, no script, as a twenty-year-old
// order-entry system would have them. The element ids are what the order bot reads and fills
// (src/rpa/order-system/browser-order-system.ts), so they are part of the "screen contract".
import { html, type SafeHtml } from '../common/html';
import { ERP_CURRENCIES, ERP_STATUSES, type ErpOrder } from './legacy-erp.store';

function layout(title: string, body: SafeHtml, user?: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} - OrderDesk ERP</title>
<style>body{font:14px Verdana,sans-serif;background:#e8e8e8;margin:0}header{background:#003366;color:#fff;padding:6px 12px}
header a{color:#fff;margin-right:12px}main{padding:12px}table{border-collapse:collapse;background:#fff}td,th{border:1px solid #999;padding:3px 6px}
.error{color:#a00;font-weight:bold}label{display:inline-block;width:170px}</style></head>
<body><header><b>OrderDesk ERP 4.2</b> ${user ? html`| <a href="/orders/new">New sales order</a><a href="/orders">Find orders</a> signed in as ${user} <a href="/logout">Sign out</a>` : ''}</header>
<main><h1>${title}</h1>${body}</main></body></html>`.toString();
}

export function loginPage(error?: string, next = '/orders'): string {
  return layout(
    'Sign in',
    html`${error ? html`<p class="error" id="error">${error}</p>` : ''}
<form method="post" action="/login"><input type="hidden" name="next" value="${next}">
<p><label for="username">User</label><input id="username" name="username" autocomplete="username"></p>
<p><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password"></p>
<p><button type="submit" id="sign-in">Sign in</button></p></form>`,
  );
}

export interface OrderFormValues {
  customerName?: string;
  customerRef?: string;
  lines?: string;
  total?: string;
  currency?: string;
  deliveryDate?: string;
}

export function newOrderPage(user: string, values: OrderFormValues = {}, errors: string[] = []): string {
  return layout(
    'New sales order',
    html`${errors.length ? html`<ul class="error" id="error">${errors.map((e) => html`<li>${e}</li>`)}</ul>` : ''}
<form method="post" action="/orders">
<p><label for="customerName">Customer name</label><input id="customerName" name="customerName" size="50" value="${values.customerName ?? ''}"></p>
<p><label for="customerRef">Customer reference</label><input id="customerRef" name="customerRef" size="40" value="${values.customerRef ?? ''}"></p>
<p><label for="lines">Lines (one per row: SKU; quantity; unit price)</label><br>
<textarea id="lines" name="lines" rows="8" cols="70">${values.lines ?? ''}</textarea></p>
<p><label for="total">Order total</label><input id="total" name="total" value="${values.total ?? ''}">
<select id="currency" name="currency">${ERP_CURRENCIES.map((c) => html`<option${c === (values.currency ?? 'CNY') ? html` selected` : ''}>${c}</option>`)}</select></p>
<p><label for="deliveryDate">Delivery date (YYYY-MM-DD)</label><input id="deliveryDate" name="deliveryDate" value="${values.deliveryDate ?? ''}"></p>
<p><button type="submit" id="save-order">Save order</button></p></form>`,
    user,
  );
}

export function orderPage(user: string, o: ErpOrder, created: boolean): string {
  const next = ERP_STATUSES[ERP_STATUSES.indexOf(o.status) + 1];
  return layout(
    `Sales order ${o.number}`,
    html`${created ? html`<p id="saved">Order saved. Order number: <b id="order-number">${o.number}</b></p>` : html`<p>Order number: <b id="order-number">${o.number}</b></p>`}
<table><tr><th>Customer</th><td id="customer-name">${o.customerName}</td></tr>
<tr><th>Customer reference</th><td id="customer-ref">${o.customerRef}</td></tr>
<tr><th>Total</th><td id="total">${o.total.toFixed(2)} ${o.currency}</td></tr>
<tr><th>Delivery date</th><td>${o.deliveryDate}</td></tr>
<tr><th>Status</th><td id="status">${o.status}</td></tr></table>
<h2>Lines</h2><table><tr><th>SKU</th><th>Quantity</th><th>Unit price</th></tr>${o.lines.map((l) => html`<tr><td>${l.sku}</td><td>${l.quantity}</td><td>${l.unitPrice.toFixed(2)}</td></tr>`)}</table>
<h2>Status history</h2><table id="history"><tr><th>Status</th><th>Changed at (UTC)</th><th>By</th></tr>${o.history.map((h) => html`<tr class="history-row"><td class="history-status">${h.status}</td><td class="history-at">${h.at}</td><td>${h.by}</td></tr>`)}</table>
${next ? html`<form method="post" action="/orders/${o.number}/advance"><p><button type="submit" id="advance">Mark as ${next}</button></p></form>` : ''}`,
    user,
  );
}

export function searchPage(user: string, ref: string, orders: ErpOrder[]): string {
  return layout(
    'Find orders',
    html`<form method="get" action="/orders"><label for="ref">Customer reference</label><input id="ref" name="ref" value="${ref}"> <button type="submit" id="search">Search</button></form>
${ref || orders.length ? html`<table id="results"><tr><th>Order</th><th>Customer</th><th>Reference</th><th>Status</th></tr>${orders.map((o) => html`<tr class="result"><td><a class="order-link" href="/orders/${o.number}">${o.number}</a></td><td>${o.customerName}</td><td>${o.customerRef}</td><td>${o.status}</td></tr>`)}</table>
<p id="result-count">${orders.length} order(s) found</p>` : ''}`,
    user,
  );
}

export function messagePage(title: string, message: string, user?: string): string {
  return layout(title, html`<p class="error" id="error">${message}</p>`, user);
}
