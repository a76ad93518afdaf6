// One line above a chart with what the reader should know about the data (gaps, sorted rows, differing
// timestamps), in the theme's warning colour, the whole list in its title when it does not fit.
import React from 'react';

import { useTheme2 } from '@grafana/ui';

/** Its height in CSS px (0 without notes), for the chart's layout. */
export const notesHeight = (notes: string[]) => (notes.length > 0 ? 22 : 0);

export function NotesLine({ notes }: { notes: string[] }) {
  const theme = useTheme2();
  if (notes.length === 0) {
    return null;
  }
  return (
    <div
      data-testid="bandscope-notes"
      title={notes.join('\n')}
      style={{
        height: notesHeight(notes),
        fontSize: theme.typography.bodySmall.fontSize,
        color: theme.colors.warning.text,
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
      }}
    >
      {notes.join(' · ')}
    </div>
  );
}
