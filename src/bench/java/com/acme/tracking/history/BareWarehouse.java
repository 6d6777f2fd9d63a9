package com.acme.tracking.history;

import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The warehouse queries without the service around them, for the baseline of the history
 * benchmark (B6): the same {@link Warehouse} code and SQL over a plain JDBC connection,
 * with no HTTP, authentication or JSON.
 */
public final class BareWarehouse {

	private final Warehouse warehouse;

	public BareWarehouse(String jdbcUrl) {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(jdbcUrl, "postgres", "postgres", true);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		HistorySettings settings = new Binder(new MapConfigurationPropertySource()).bindOrCreate("tracking.history",
				Bindable.of(HistorySettings.class));
		this.warehouse = new Warehouse(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
				new PostgresDialect(), settings, new SimpleMeterRegistry(),
				new com.acme.tracking.shared.CustomerIds("", false));
	}

	/** What {@code GET /v1/orders/{id}/history} reads: the timeline, then the trail. */
	public int history(String orderId) {
		List<HistoricEvent> timeline = this.warehouse.timeline(orderId, OrderScope.any());
		String courierId = null;
		Instant pickedUp = null;
		Instant end = Instant.now();
		for (HistoricEvent event : timeline) {
			if (event.courierId() != null) {
				courierId = event.courierId();
			}
			if (event.type().inTransit() && pickedUp == null) {
				pickedUp = event.occurredAt();
			}
			if (event.type().ended()) {
				end = event.occurredAt();
			}
		}
		return timeline.size() + ((courierId != null && pickedUp != null)
				? this.warehouse.track(courierId, pickedUp, end, 100_000).size() : 0);
	}

	public int positions(String courierId, Instant from, Instant to, int limit) {
		return this.warehouse.positions(courierId, from, to, limit, null).items().size();
	}

	public int orders(String customerId, String partnerId, Instant from, Instant to, int limit) {
		return this.warehouse.orders(new OrderFilter(customerId, partnerId, null, from, to), limit, null)
			.items()
			.size();
	}

}
