package com.acme.tracking.local;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Least data: a customer's and a share link's views carry no customer or courier id, and
 * the logs carry no customer id and no coordinates in clear text. The log test runs a
 * full simulated hour of the local fleet at speed (3,600 simulator ticks, some 1,200
 * orders and their couriers' positions, with the simulator's late, duplicated,
 * out-of-order and JSON records) through the whole service, with support reads and
 * searches by customer id along the way, and scans every line logged meanwhile: the
 * service's own loggers and the audit log at INFO (as in production), the others at INFO
 * too (the root is raised from WARN for the test) except Kafka's, which
 * {@code logback-test.xml} keeps at ERROR. The simulator's own logger (test code, the
 * outside producer) is not scanned.
 */
@TrackingIntegrationTest
class LeastDataTests {

	/** The simulator's customers ({@code customer-1}..) and the city's coordinates. */
	static final Pattern CUSTOMER_ID = Pattern.compile("\\bcustomer-\\d+\\b");

	static final Pattern COORDINATE = Pattern.compile("-2[34]\\.\\d{3,}|-4[67]\\.\\d{3,}");

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Test
	void aCustomersAndAShareLinksViewsCarryNoCustomerOrCourierId() {
		Api api = new Api(this.port, this.kafka);
		String orderId = Api.id("order");
		String customer = Api.id("customer");
		String courier = Api.id("courier");
		GeoPoint destination = new GeoPoint(-23.56168, -46.65598);
		Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
		api.created(orderId, customer, Api.id("partner"), destination, t0);
		api.event(orderId, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(1), courier);
		api.event(orderId, DeliveryEventType.PICKED_UP, t0.plusSeconds(2), courier);
		api.position(courier, destination.getLat() - 0.01, destination.getLon(), Instant.now(), 5f);
		String owner = api.token(customer, "customer");
		await().until(() -> !api.get("/v1/orders/" + orderId + "/tracking", owner).json().path("courier").isNull()
				&& api.get("/v1/orders/" + orderId + "/history", owner).json().path("timeline").size() == 3);
		String link = api.post("/v1/orders/" + orderId + "/share-links", owner, "").json().get("token").stringValue();
		List<String> views = List.of(api.get("/v1/orders/" + orderId + "/tracking", owner).body(),
				api.get("/v1/orders/" + orderId + "/location", owner).body(),
				api.get("/v1/orders/" + orderId + "/history", owner).body(), api.get("/v1/track/" + link, null).body());
		assertThat(views)
			.allSatisfy((view) -> assertThat(view).contains(orderId).doesNotContain(customer).doesNotContain(courier));
	}

	@Test
	void aSimulatedHourLogsNoCustomerIdAndNoCoordinates() {
		Capture capture = Capture.begin();
		try {
			FleetSimulator fleet = new FleetSimulator(new SimulatorSettings(true, 20, 20, 50, 5, Duration.ofSeconds(3),
					9, -23.5617, -46.6560, 3000, 0.1, 0.03, 0.05), this.kafka);
			fleet.start();
			fleet.stop();
			Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
			Api api = new Api(this.port, this.kafka);
			String support = api.token(Api.id("agent"), "support");
			for (int second = 0; second < 3600; second++) {
				fleet.tick(start.plusSeconds(second));
				if (second % 600 == 599) {
					// support at work: searches by customer, reads of orders
					api.get("/v1/orders?customerId=customer-" + (1 + second / 600), support);
					for (String order : fleet.recentOrders().subList(0, 3)) {
						api.get("/v1/orders/" + order + "/tracking", support);
						api.get("/v1/orders/" + order + "/history", support);
					}
				}
			}
			this.kafka.flush();
			String newest = fleet.recentOrders().get(0);
			await().atMost(Duration.ofMinutes(2))
				.until(() -> api.get("/v1/orders/" + newest + "/history", support).status() == 200);
			String customerOwner = api.get("/v1/orders/" + newest + "/tracking", support).status() == 200 ? "customer-1"
					: "customer-2";
			api.get("/v1/orders/" + newest + "/tracking", api.token(customerOwner, "customer"));
		}
		finally {
			capture.stop();
		}
		List<String> lines = capture.lines;
		assertThat(lines).as("the hour logged something").isNotEmpty();
		List<String> leaks = new ArrayList<>();
		for (String line : lines) {
			Matcher customer = CUSTOMER_ID.matcher(line);
			Matcher coordinate = COORDINATE.matcher(line);
			if (customer.find() || coordinate.find()) {
				leaks.add(line);
			}
		}
		assertThat(leaks).as("log lines with a customer id or coordinates, of " + lines.size()).isEmpty();
	}

	/** Every log event at INFO and above, formatted with its stack trace. */
	static final class Capture extends AppenderBase<ILoggingEvent> {

		final List<String> lines = new CopyOnWriteArrayList<>();

		private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

		private Level before;

		static Capture begin() {
			Capture capture = new Capture();
			capture.before = capture.root.getLevel();
			capture.root.setLevel(Level.INFO);
			capture.setContext(capture.root.getLoggerContext());
			capture.start();
			capture.root.addAppender(capture);
			return capture;
		}

		@Override
		protected void append(ILoggingEvent event) {
			if (event.getLoggerName().startsWith("com.acme.tracking.local")) {
				return;
			}
			String line = event.getLoggerName() + " " + event.getLevel() + " " + event.getFormattedMessage();
			if (event.getThrowableProxy() != null) {
				line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
			}
			this.lines.add(line);
		}

		@Override
		public void stop() {
			this.root.detachAppender(this);
			this.root.setLevel(this.before);
			super.stop();
		}

	}

}
