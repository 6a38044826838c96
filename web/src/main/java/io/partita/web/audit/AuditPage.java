package io.partita.web.audit;

import java.util.List;

/**
 * {@code GET /api/audit}: a page of the audit entries that match, newest first. Immutable.
 *
 * @param total    how many entries match
 * @param offset   how many of them come before this page
 * @param capacity how many entries the node keeps at most
 * @param entries  this page's
 */
public record AuditPage(int total, int offset, int capacity, List<AuditEntry> entries) {
}
