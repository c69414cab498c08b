package org.certaudit.query.console;

import java.util.List;
import org.certaudit.scheme.Subtotal;

/** One part of the scoring sheet as the report prints it: its subtotal and its sections. (Public for the templates.) */
public record SheetPart(Subtotal part, List<SheetSection> sections) {
}
