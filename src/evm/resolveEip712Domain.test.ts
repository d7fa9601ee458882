import { encodeAbiParameters, encodeFunctionResult, type Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import type { PaymentOption } from '../core/types.js'
import { eip5267Abi } from './abis.js'
import { createProbeCache } from './probeContract.js'
import { resolveEip712Domain } from './resolveEip712Domain.js'
import { fakeEvmNode, selectors } from './test/fakeEvmNode.js'

const token = '0x1111111111111111111111111111111111111111'
const salt: Hex = `0x${'5a'.repeat(32)}`

function option(eip712?: { name: string; version: string }): PaymentOption {
  return {
    id: 'x402',
    protocol: 'x402-v2',
    scheme: 'exact',
    network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    asset: { address: token, native: false, ...(eip712 ? { eip712 } : {}) },
    amount: 1n,
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    supported: true,
    raw: {},
  }
}

interface Eip5267 {
  fields: Hex
  chainId?: bigint
  verifyingContract?: Hex
  extensions?: bigint[]
}

/** A Base node whose token answers EIP-5267 as given, or only name()/version(). */
function token5267({
  fields,
  chainId = 8453n,
  verifyingContract = token,
  extensions = [],
}: Eip5267) {
  const node = fakeEvmNode(8453)
  node.calls[selectors.eip712Domain] = () =>
    encodeFunctionResult({
      abi: eip5267Abi,
      functionName: 'eip712Domain',
      result: [fields, 'Token', '3', chainId, verifyingContract, salt, extensions],
    })
  return node
}

function tokenMetadata(name?: string, version?: string) {
  const node = fakeEvmNode(8453)
  if (name !== undefined)
    node.calls[selectors.name] = () => encodeAbiParameters([{ type: 'string' }], [name])
  if (version !== undefined)
    node.calls[selectors.version] = () => encodeAbiParameters([{ type: 'string' }], [version])
  return node
}

function resolve(node: ReturnType<typeof fakeEvmNode>, paying = option()) {
  return resolveEip712Domain(paying, 8453, async () => node.client)
}

async function refusal(run: Promise<unknown>): Promise<string | undefined> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(UnsupportedOptionError)
  return (error as UnsupportedOptionError).details
}

const checksummed = '0x1111111111111111111111111111111111111111'

describe('resolveEip712Domain', () => {
  test("the option's own name and version come first, without reading the chain", async () => {
    const node = fakeEvmNode(8453)
    expect(await resolve(node, option({ name: 'USD Coin', version: '2' }))).toEqual({
      name: 'USD Coin',
      version: '2',
      chainId: 8453,
      verifyingContract: checksummed,
    })
    expect(node.seen).toEqual([])
  })

  test('EIP-5267: exactly the fields the token says its separator uses', async () => {
    expect(await resolve(token5267({ fields: '0x0f' }))).toEqual({
      name: 'Token',
      version: '3',
      chainId: 8453,
      verifyingContract: checksummed,
    })
    expect(await resolve(token5267({ fields: '0x1f' }))).toEqual({
      name: 'Token',
      version: '3',
      chainId: 8453,
      verifyingContract: checksummed,
      salt,
    })
    // name and salt only: no chain id, no contract, even if the token reports others.
    expect(
      await resolve(
        token5267({ fields: '0x11', chainId: 1n, verifyingContract: `0x${'22'.repeat(20)}` }),
      ),
    ).toEqual({ name: 'Token', salt })
    expect(await resolve(token5267({ fields: '0x02' }))).toEqual({ version: '3' })
  })

  test('EIP-5267: refuses a token that says it is on another chain', async () => {
    expect(await refusal(resolve(token5267({ fields: '0x0f', chainId: 1n })))).toBe(
      'The token says it is on chain 1, not 8453.',
    )
  })

  test('EIP-5267: refuses a domain that names another contract; case does not matter', async () => {
    const other = `0x${'22'.repeat(20)}` as Hex
    expect(await refusal(resolve(token5267({ fields: '0x0f', verifyingContract: other })))).toBe(
      `The token's EIP-712 domain names another contract (${other}).`,
    )
    await expect(
      resolve(token5267({ fields: '0x0f', verifyingContract: token.toLowerCase() as Hex })),
    ).resolves.toMatchObject({ verifyingContract: checksummed })
  })

  test('EIP-5267: refuses domain extensions it cannot sign', async () => {
    expect(await refusal(resolve(token5267({ fields: '0x0f', extensions: [1n] })))).toBe(
      'The token uses EIP-712 domain extensions.',
    )
  })

  test('without EIP-5267: name() and version(), both needed', async () => {
    expect(await resolve(tokenMetadata('Tether', '1'))).toEqual({
      name: 'Tether',
      version: '1',
      chainId: 8453,
      verifyingContract: checksummed,
    })
    const unknown =
      "The token's EIP-712 domain is unknown: the server sent no extra.name/extra.version, the token is not in the registry, and it answers neither eip712Domain() nor name() and version()."
    expect(await refusal(resolve(tokenMetadata('Tether')))).toBe(unknown)
    expect(await refusal(resolve(tokenMetadata(undefined, '1')))).toBe(unknown)
    expect(await refusal(resolve(tokenMetadata()))).toBe(unknown)
  })

  test('asks the token once per chain and address', async () => {
    const node = token5267({ fields: '0x0f' })
    const cache = createProbeCache()
    await resolveEip712Domain(option(), 8453, async () => node.client, cache)
    await resolveEip712Domain(option(), 8453, async () => node.client, cache)
    expect(node.seen.filter((s) => s === selectors.eip712Domain)).toHaveLength(1)
    expect(node.seen).not.toContain(selectors.name)
    // Another chain is another question.
    await resolveEip712Domain(option(), 84532, async () => node.client, cache).catch(
      () => undefined,
    )
    expect(node.seen.filter((s) => s === selectors.eip712Domain)).toHaveLength(2)
  })
})
