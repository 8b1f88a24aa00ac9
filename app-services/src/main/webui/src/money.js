// Prices travel as integer cents; the shop's currency is the euro.
const format = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' });

export function money(cents) {
  return format.format(cents / 100);
}
