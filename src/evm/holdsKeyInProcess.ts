import type { LocalAccount } from 'viem'

// The key 1: not a secret, only a way to make one account of viem's to compare others with.
const referenceKey = `0x${'1'.padStart(64, '0')}` as const
let reference: Promise<LocalAccount | undefined> | undefined

/** Loaded on first use: an app that never passes a private-key account never loads it. */
function viemAccount(): Promise<LocalAccount | undefined> {
  reference ??= import('viem/accounts').then(
    ({ privateKeyToAccount }) => privateKeyToAccount(referenceKey),
    () => undefined,
  )
  return reference
}

const sourceOf = (code: unknown): string | undefined =>
  typeof code === 'function' ? Function.prototype.toString.call(code) : undefined

/** Whether `own` is the same code as viem's `theirs` (each account has its own closures). */
function sameCode(own: unknown, theirs: unknown): boolean {
  const source = sourceOf(own)
  return source !== undefined && source === sourceOf(theirs)
}

/**
 * Whether the account is viem's own `privateKeyToAccount`, `mnemonicToAccount` or
 * `hdKeyToAccount`, unmodified: its key is in this process, nothing shows or polices what it
 * signs, and its `signTypedData` is `hashTypedData` then the same `sign` as its `sign`. Only such
 * an account may be asked to sign a digest the kit computed (the same bytes, the same signature).
 *
 * Every other account gets `false` and is only ever shown typed data: `toAccount`'s
 * `source: 'custom'` (a KMS, a custody API, a policy engine that reads the typed data), and a
 * private-key account whose `signTypedData` or `sign` was replaced (`{ ...account,
 * signTypedData }` keeps `source: 'privateKey'`, but the replacement may inspect or refuse what
 * it is shown). Fails closed: if viem's accounts cannot be loaded, the answer is `false`.
 */
export async function holdsKeyInProcess(account: LocalAccount): Promise<boolean> {
  if (account.source !== 'privateKey' && account.source !== 'hd') return false
  const viem = await viemAccount()
  return (
    viem !== undefined &&
    sameCode(account.sign, viem.sign) &&
    sameCode(account.signTypedData, viem.signTypedData)
  )
}
