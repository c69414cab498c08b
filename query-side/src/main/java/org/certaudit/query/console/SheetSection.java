package org.certaudit.query.console;

import java.util.List;
import org.certaudit.query.scorecard.ScorecardView;
import org.certaudit.scheme.Subtotal;

/** One section of the scoring sheet: its subtotal and its items in catalogue order. (Public for the templates.) */
public record SheetSection(Subtotal section, List<ScorecardView.Item> items) {
}
