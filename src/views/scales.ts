/** The view kit's colour scales and number formatting, under their old path for the modules outside the kit. */
export * from './kit/scales';
export { formatValue } from './kit/format';
