import type { LocalAccount } from 'viem'

let reference: Promise<LocalAccount | undefined> | undefined

/** A function's source text: the same for every account viem makes, each with its own closures. */
const code = (f: unknown) => typeof f === 'function' && Function.prototype.toString.call(f)

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
 * it is shown): their code is compared with an account viem makes (of the key 1, no secret),
 * loaded on first use. Fails closed: if viem's accounts cannot be loaded, the answer is `false`.
 */
export async function holdsKeyInProcess(account: LocalAccount): Promise<boolean> {
  if (account.source !== 'privateKey' && account.source !== 'hd') return false
  reference ??= import('viem/accounts').then(
    (viem) => viem.privateKeyToAccount(`0x${'1'.padStart(64, '0')}`),
    () => undefined,
  )
  const viem = await reference
  // viem's are functions, so equal text means the account's are functions too.
  return (
    !!viem &&
    code(account.sign) === code(viem.sign) &&
    code(account.signTypedData) === code(viem.signTypedData)
  )
}
