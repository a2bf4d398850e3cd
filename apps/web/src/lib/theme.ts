import { type CSSVariablesResolver, createTheme } from '@mantine/core';

const systemFonts =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';

/** Calm and dense: one muted accent, small controls, the fonts already on the machine. */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 7 in both schemes: white on a filled button reads at 5:1 (shade 5, Mantine's dark default,
  // is 3.7:1). Links and light variants in the dark scheme use shade 4 anyway.
  primaryShade: { light: 7, dark: 7 },
  defaultRadius: 'sm',
  fontFamily: systemFonts,
  fontFamilyMonospace: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  headings: { fontFamily: systemFonts, fontWeight: '600' },
  fontSizes: { md: '0.9375rem' },
  components: {
    TextInput: { defaultProps: { size: 'sm' } },
    NumberInput: { defaultProps: { size: 'sm' } },
    Button: { defaultProps: { size: 'sm' } },
    Paper: { defaultProps: { withBorder: true, radius: 'md', p: 'md' } },
  },
});

/**
 * The secondary grey (`c="dimmed"`, descriptions, hints), set once for both schemes: Mantine's own
 * (gray-6 on white, dark-2 on dark-7) reads at 3.3:1 and 4:1; these keep at least 4.5:1 on every
 * background the app puts text on (the body, cards, striped and hovered rows, the current nav link)
 * and stay visibly lighter than the main text.
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c636a', ...lightVariantText(resolved) },
  dark: { '--mantine-color-dimmed': '#a6a6a6' },
});

/** The paler colours, whose shade 9 is still below AA on its own tint. */
const PALE = new Set(['green', 'lime', 'yellow', 'orange']);

/**
 * The text of `variant="light"` badges, buttons and alerts in the light scheme: Mantine's (shade 6 on
 * a 10% tint of it) reads at 2:1 to 3.5:1; shade 9, darkened, at 4.5:1 or more on the tint over white
 * or a striped row. The dark scheme's (shade 4 on a dark tint) already reads well.
 */
function lightVariantText(resolved: Parameters<CSSVariablesResolver>[0]): Record<string, string> {
  return Object.fromEntries(
    Object.keys(resolved.colors)
      .filter((color) => color !== 'dark')
      .map((color) => [
        `--mantine-color-${color}-light-color`,
        `color-mix(in srgb, var(--mantine-color-${color}-9), black ${PALE.has(color) ? 40 : 20}%)`,
      ]),
  );
}
