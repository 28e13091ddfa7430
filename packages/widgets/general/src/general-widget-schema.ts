import { z } from 'zod/v4';

/** A bulleted or numbered list. */
export const listContentSchema = z.object({
  kind: z.literal('list'),
  ordered: z.boolean().describe('true for steps in order, false for bullet points'),
  items: z.array(z.string().min(1).max(300)).min(1).max(50),
});

/** A table: a header row and rows with one cell per column. */
export const tableContentSchema = z.object({
  kind: z.literal('table'),
  columns: z.array(z.string().min(1).max(60)).min(1).max(10),
  rows: z
    .array(z.array(z.string().max(200)).describe('One cell per column, in column order'))
    .min(1)
    .max(100),
});

/** A checklist: items with whether each is done. */
export const checklistContentSchema = z.object({
  kind: z.literal('checklist'),
  items: z
    .array(
      z.object({
        label: z.string().min(1).max(200),
        checked: z.boolean().describe('true only when the user said it is done'),
      }),
    )
    .min(1)
    .max(50),
});

type Content =
  | z.infer<typeof listContentSchema>
  | z.infer<typeof tableContentSchema>
  | z.infer<typeof checklistContentSchema>;

// Declared as a plain ZodType: zod 4's `ZodDiscriminatedUnion` takes two type arguments and zod
// 3.25's (`zod/v4`) one, so a declaration file that spelled it out would not compile for a host
// on the other (decision 094). The union itself is the same.
const contentSchema: z.ZodType<Content, Content> = z.discriminatedUnion('kind', [
  listContentSchema,
  tableContentSchema,
  checklistContentSchema,
]);

/**
 * A general structured answer: a title, an optional summary, and one block of content (a list, a
 * table or a checklist). Every table row has one cell per column.
 */
export const generalWidgetSchema = z
  .object({
    title: z.string().min(1).max(120),
    summary: z.string().min(1).max(500).nullable().describe('One or two sentences; null for none'),
    content: contentSchema,
  })
  .superRefine((answer, ctx) => {
    const content = answer.content;
    if (content.kind !== 'table') return;
    content.rows.forEach((row, i) => {
      if (row.length !== content.columns.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['content', 'rows', i],
          message: `Row has ${row.length} cells; the table has ${content.columns.length} columns`,
        });
      }
    });
  });

/** A general structured answer, as the widget returns it. */
export type GeneralWidget = z.infer<typeof generalWidgetSchema>;
/** The content block of a {@link GeneralWidget}: tell the kinds apart by `kind`. */
export type GeneralWidgetContent = GeneralWidget['content'];
