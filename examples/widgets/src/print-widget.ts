import type { generalResponseService, WidgetResultOf } from '@switchyard/core';
import type { attendanceWidget } from '@switchyard/widget-attendance';
import type { generalWidget } from '@switchyard/widget-general';
import type { lessonPlanWidget } from '@switchyard/widget-lesson-plan';
import type { mealPlanWidget } from '@switchyard/widget-meal-plan';
import type { workoutPlanWidget } from '@switchyard/widget-workout-plan';

/** Every result the assistant's registry can return, one member per widget. */
export type AssistantResult = WidgetResultOf<
  | typeof lessonPlanWidget
  | typeof mealPlanWidget
  | typeof workoutPlanWidget
  | typeof attendanceWidget
  | typeof generalWidget
  | typeof generalResponseService
>;

/**
 * Formats a result's typed data as indented lines. `result.widget` tells the members apart, so
 * each branch reads its own widget's fields with their types.
 */
export function printWidget(result: AssistantResult, indent = '   '): string {
  const lines: string[] = [];
  switch (result.widget) {
    case 'lesson-plan': {
      const plan = result.data;
      lines.push(`${plan.title} · ${plan.gradeLevel} · ${plan.durationMinutes} min`);
      lines.push(`objectives: ${plan.objectives.join(' / ')}`);
      for (const a of plan.activities)
        lines.push(
          `  ${String(a.durationMinutes).padStart(2)} min  ${a.phase.padEnd(11)} ${a.name} (${a.grouping})`,
        );
      lines.push(`materials: ${plan.materials.join(', ') || 'none'}`);
      lines.push(`assessment: ${plan.assessment.method}`);
      break;
    }
    case 'meal-plan': {
      const plan = result.data;
      lines.push(
        `${plan.title} · serves ${plan.servings} · ${plan.dietaryRequirements.join(', ') || 'no restrictions'}`,
      );
      for (const day of plan.days) {
        lines.push(`${day.day}:`);
        for (const meal of day.meals)
          lines.push(
            `  ${meal.type.padEnd(9)} ${meal.name} (${meal.prepMinutes} min${meal.calories === null ? '' : `, ${meal.calories} kcal`})`,
          );
      }
      lines.push(`shopping list: ${plan.shoppingList.length} items`);
      break;
    }
    case 'workout-plan': {
      const plan = result.data;
      lines.push(
        `${plan.title} · ${plan.level} · ${plan.goal} · ${plan.sessionsPerWeek}x/week for ${plan.weeks} weeks`,
      );
      for (const session of plan.sessions) {
        const exercises = session.exercises.map((e) =>
          e.reps === null
            ? `${e.name} ${e.sets}x${e.durationSeconds}s`
            : `${e.name} ${e.sets}x${e.reps}`,
        );
        lines.push(
          `  ${session.day} (${session.focus}, ${session.durationMinutes} min): ${exercises.join(', ')}`,
        );
      }
      lines.push(`progression: ${plan.progression}`);
      break;
    }
    case 'attendance': {
      const register = result.data;
      // The tool strategy: the teacher reads the model's prose, the app gets the register.
      lines.push(`text: ${result.text.replace(/\s*\n\s*/g, ' ')}`);
      lines.push(
        `${register.className} · ${register.period ?? 'no period'} · ${register.date ?? 'no date'}`,
      );
      for (const r of register.records)
        lines.push(
          `  ${r.studentName.padEnd(6)} ${r.status}${r.minutesLate === null ? '' : ` (${r.minutesLate} min)`}${r.note === null ? '' : ` - ${r.note}`}`,
        );
      const s = register.summary;
      lines.push(
        `summary: ${s.present} present, ${s.late} late, ${s.absent} absent, ${s.excused} excused`,
      );
      break;
    }
    case 'general-widget': {
      const card = result.data;
      lines.push(card.title);
      const content = card.content;
      if (content.kind === 'checklist') {
        for (const item of content.items)
          lines.push(`  [${item.checked ? 'x' : ' '}] ${item.label}`);
      } else if (content.kind === 'table') {
        lines.push(`  ${content.columns.join(' | ')}`);
        for (const row of content.rows) lines.push(`  ${row.join(' | ')}`);
      } else {
        content.items.forEach((item, i) => {
          lines.push(`  ${content.ordered ? `${i + 1}.` : '-'} ${item}`);
        });
      }
      break;
    }
    case 'general-response':
      lines.push(`(text only) ${result.text}`);
      break;
  }
  return lines.map((line) => indent + line).join('\n');
}
