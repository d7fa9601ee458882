'use client'
import type { ReactNode } from 'react'
import { en } from '../i18n/en.js'
import { catalogPending } from '../i18n/loadCatalog.js'

const keys = Object.keys(en)

/**
 * Renders its children once the locale's catalog is loaded, suspending until then (throwing the
 * load's promise works from React 18.3 on, where `use` does not exist). Nothing waits when
 * `messages` already hold every text, e.g. a catalog the app imported and passed itself.
 */
export function CatalogGate({
  locale,
  messages,
  children,
}: {
  locale: string
  messages: Readonly<Record<string, string>>
  children: ReactNode
}) {
  const pending = catalogPending(locale)
  if (pending && !keys.every((key) => key in messages)) throw pending
  return children
}
