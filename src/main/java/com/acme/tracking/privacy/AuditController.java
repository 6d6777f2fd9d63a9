package com.acme.tracking.privacy;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.acme.tracking.access.Caller;
import com.acme.tracking.shared.web.NotConfigured;
import com.acme.tracking.shared.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/audit}: the audit trail, newest first, for callers with the role
 * {@code audit} (anyone else: 404). There is no way to change or delete a record through
 * the API; the retention job deletes records older than {@code tracking.retention.audit}.
 */
@RestController
@Tag(name = "Privacy")
class AuditController {

	private static final int MAX_LIMIT = 500;

	private final ObjectProvider<NamedParameterJdbcTemplate> jdbc;

	AuditController(@Qualifier("operationalJdbc") ObjectProvider<NamedParameterJdbcTemplate> jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping(path = "/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "readAudit", summary = "The audit trail",
			description = "Role audit only. Every support read through any channel (REST, console, STOMP, SSE), "
					+ "every read of this trail and every erasure, newest first: who, when, what, from where, "
					+ "through which channel and with what result. Cursor-paginated.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "A page of the trail")
	@ApiResponse(responseCode = "400", description = "A parameter is wrong; the problem names it",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "404", description = "Not for this caller",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "The trail's database is not configured or not reachable",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	PrivacyBodies.AuditPage audit(
			@Parameter(description = "Only this actor's records") @RequestParam(
					required = false) @Nullable String actor,
			@Parameter(description = "Only records about this order") @RequestParam(
					required = false) @Nullable String orderId,
			@Parameter(description = "From this time, ISO-8601 UTC") @RequestParam(
					required = false) @Nullable Instant from,
			@Parameter(description = "Before this time (exclusive), ISO-8601 UTC") @RequestParam(
					required = false) @Nullable Instant to,
			@Parameter(description = "Most items in the page, 1 to 500 (100 by default)",
					schema = @Schema(type = "integer", minimum = "1", maximum = "500",
							defaultValue = "100")) @RequestParam(required = false) @Nullable Integer limit,
			@Parameter(description = "The nextCursor of the previous page") @RequestParam(
					required = false) @Nullable String cursor,
			@Parameter(hidden = true) Caller caller) {
		if (!caller.isAuditor()) {
			throw new NotFound("Nothing here for this caller");
		}
		int size = (limit != null) ? limit : 100;
		if (size < 1 || size > MAX_LIMIT) {
			throw new Refused("limit", "'limit' must be between 1 and " + MAX_LIMIT);
		}
		if (from != null && to != null && !from.isBefore(to)) {
			throw new Refused("from", "'from' must be before 'to'");
		}
		StringBuilder sql = new StringBuilder("SELECT * FROM audit_records WHERE TRUE");
		MapSqlParameterSource parameters = new MapSqlParameterSource("limit", size + 1);
		if (cursor != null) {
			sql.append(" AND seq < :after");
			parameters.addValue("after", seqOf(cursor));
		}
		if (actor != null) {
			sql.append(" AND actor = :actor");
			parameters.addValue("actor", actor);
		}
		if (orderId != null) {
			sql.append(" AND order_id = :order");
			parameters.addValue("order", orderId);
		}
		if (from != null) {
			sql.append(" AND at >= :from");
			parameters.addValue("from", Timestamp.from(from));
		}
		if (to != null) {
			sql.append(" AND at < :to");
			parameters.addValue("to", Timestamp.from(to));
		}
		sql.append(" ORDER BY seq DESC LIMIT :limit");
		List<Row> rows = new ArrayList<>(database().query(sql.toString(), parameters, AuditController::row));
		String next = null;
		if (rows.size() > size) {
			rows = rows.subList(0, size);
			next = cursorOf(rows.get(size - 1).seq());
		}
		return new PrivacyBodies.AuditPage(rows.stream().map(Row::item).toList(), next);
	}

	private NamedParameterJdbcTemplate database() {
		NamedParameterJdbcTemplate available = this.jdbc.getIfAvailable();
		if (available == null) {
			throw new NotConfigured("The audit trail is not configured on this deployment (no operational database)");
		}
		return available;
	}

	private static String cursorOf(long seq) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(("a1:" + seq).getBytes(StandardCharsets.UTF_8));
	}

	private static long seqOf(String cursor) {
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			if (text.startsWith("a1:")) {
				return Long.parseLong(text.substring(3));
			}
		}
		catch (IllegalArgumentException ex) {
			// not ours
		}
		throw new Refused("cursor", "'cursor' is not a cursor of the audit trail");
	}

	private record Row(long seq, PrivacyBodies.AuditItem item) {
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		return new Row(rs.getLong("seq"),
				new PrivacyBodies.AuditItem(rs.getTimestamp("at").toInstant(), rs.getString("actor"),
						rs.getString("role"), rs.getString("action"), rs.getString("resource"), rs.getString("channel"),
						rs.getString("order_id"), rs.getString("client_address"), rs.getString("result")));
	}

}
