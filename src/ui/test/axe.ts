import axe from 'axe-core'
import { expect } from 'vitest'

/**
 * Runs axe on the document, with every paywall root in the light theme and then in the dark
 * one, and expects no violation. `region` (every page's content in
 * landmarks) is the host page's concern, not a component's.
 */
export async function expectNoAxeViolations(): Promise<void> {
  const roots = [...document.querySelectorAll<HTMLElement>('.h402-root')]
  const themes = roots.map((root) => root.getAttribute('data-h402-theme'))
  try {
    for (const theme of ['light', 'dark']) {
      for (const root of roots) root.setAttribute('data-h402-theme', theme)
      const result = await axe.run(document, {
        resultTypes: ['violations'],
        rules: { region: { enabled: false } },
      })
      expect(
        result.violations.map(
          (violation) =>
            `${theme} ${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.html).join(' | ')}`,
        ),
      ).toEqual([])
    }
  } finally {
    roots.forEach((root, index) => {
      const theme = themes[index]
      if (theme === null || theme === undefined) root.removeAttribute('data-h402-theme')
      else root.setAttribute('data-h402-theme', theme)
    })
  }
}
