import type { WidgetData } from '@switchyard/core';
import { describe, expectTypeOf, it } from 'vitest';
import { generalWidget } from './general-widget.js';
import type { GeneralWidget, GeneralWidgetContent } from './general-widget-schema.js';

describe('general widget types', () => {
  it('gives the host the schema’s inferred type', () => {
    expectTypeOf<WidgetData<typeof generalWidget>>().toEqualTypeOf<GeneralWidget>();
    expectTypeOf(generalWidget.name).toEqualTypeOf<'general-widget'>();
  });

  it('narrows the content by kind', () => {
    const render = (content: GeneralWidgetContent) => {
      if (content.kind === 'table') {
        expectTypeOf(content.columns).toEqualTypeOf<string[]>();
        expectTypeOf(content.rows).toEqualTypeOf<string[][]>();
      } else if (content.kind === 'checklist') {
        expectTypeOf(content.items).toEqualTypeOf<{ label: string; checked: boolean }[]>();
      } else {
        expectTypeOf(content.kind).toEqualTypeOf<'list'>();
        expectTypeOf(content.items).toEqualTypeOf<string[]>();
      }
    };
    expectTypeOf(render).parameter(0).toEqualTypeOf<GeneralWidgetContent>();
    expectTypeOf<GeneralWidget['summary']>().toEqualTypeOf<string | null>();
  });
});
