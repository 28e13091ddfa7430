export { generalWidget } from './general-widget.js';
export {
  checklistContentSchema,
  generalWidgetSchema,
  listContentSchema,
  tableContentSchema,
} from './general-widget-schema.js';
export type { GeneralWidget, GeneralWidgetContent } from './general-widget-schema.js';
export { GENERAL_WIDGET_PROMPT } from './general-widget-prompt.js';
