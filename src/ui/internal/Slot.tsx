'use client'
import {
  cloneElement,
  forwardRef,
  type HTMLAttributes,
  isValidElement,
  type ReactElement,
  type ReactNode,
  type Ref,
  version,
} from 'react'

/**
 * `asChild` for the parts: renders its one child element with the slot's props merged in, as
 * Radix's `Slot` does (the child's handlers run first, then the slot's; `className`s joined,
 * `style`s merged, the child's other props win; refs composed). Ours, so that the paywall does
 * not load Radix up front (only the modal's dialog, a chunk of its own, uses Radix).
 */
export const Slot = forwardRef<HTMLElement, HTMLAttributes<HTMLElement> & { children?: ReactNode }>(
  function Slot({ children, ...slotProps }, forwardedRef) {
    if (!isValidElement(children)) {
      if (children || children === 0) throw new Error('@h402/paywall: `asChild` needs one element.')
      return null
    }
    const child = children as ReactElement<Record<string, unknown>>
    const childProps = child.props
    const merged: Record<string, unknown> = { ...slotProps }
    for (const [name, own] of Object.entries(childProps)) {
      const slot = merged[name]
      if (/^on[A-Z]/.test(name) && typeof own === 'function') {
        merged[name] =
          typeof slot === 'function'
            ? (...args: unknown[]) => {
                const result = own(...args)
                slot(...args)
                return result
              }
            : own
      } else if (name === 'style') merged[name] = { ...(slot as object), ...(own as object) }
      else if (name === 'className') merged[name] = [slot, own].filter(Boolean).join(' ')
      else if (name !== 'ref') merged[name] = own
    }
    // React 19 keeps an element's ref in its props; React 18 on the element.
    const childRef = (
      Number.parseInt(version, 10) >= 19 ? childProps.ref : (child as { ref?: unknown }).ref
    ) as Ref<HTMLElement> | undefined
    merged.ref = forwardedRef ? composeRefs(forwardedRef, childRef) : childRef
    return cloneElement(child, merged)
  },
)

function composeRefs(...refs: (Ref<HTMLElement> | undefined)[]) {
  return (node: HTMLElement | null) => {
    for (const ref of refs) {
      if (typeof ref === 'function') ref(node)
      else if (ref) (ref as { current: HTMLElement | null }).current = node
    }
  }
}
