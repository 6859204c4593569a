/** Money is integer fen (分) inside the hub and a decimal yuan string with two places outside: never a float. */
const MONEY_PATTERN = /^(-)?(\d{1,16})(?:\.(\d{1,2}))?$/;

export class MoneyFormatError extends Error {}

export function formatMoney(fen: bigint | number | string): string {
  const value = BigInt(fen);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

export function parseMoney(text: string): bigint {
  const match = MONEY_PATTERN.exec(text.trim());
  if (!match) throw new MoneyFormatError(`金额格式不正确：“${text}”，应为以元为单位、最多两位小数的数字，例如 80000.00`);
  const [, minus, yuan, fraction = ''] = match;
  const fen = BigInt(yuan!) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
  return minus ? -fen : fen;
}

/** spent / allocated as a ratio with four decimal places, computed in integers; 0 when nothing is allocated. */
export function ratio(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0;
  return Number((part * 10000n) / whole) / 10000;
}
