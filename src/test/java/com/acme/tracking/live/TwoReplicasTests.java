package com.acme.tracking.live;

import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import com.acme.tracking.shared.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.acme.tracking.Api;
import com.acme.tracking.RequiredEnvironment;
import com.acme.tracking.TrackingApplication;
import com.acme.tracking.notification.NotificationOwnership;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.local.LocalRuntime;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.kafka.CatchUp;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of the service against one broker: each holds the whole live state, the
 * fleet publishes each notification once, and a replica shutting down closes its
 * WebSocket sessions with 1001 (going away) so clients reconnect elsewhere.
 */
@TrackingIntegrationTest
class TwoReplicasTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails jdbcConnection;

	@Autowired
	NotificationOwnership ownership;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CatchUp catchUp;

	ConfigurableApplicationContext second;

	@BeforeEach
	void startSecondReplica() {
		this.second = new SpringApplicationBuilder(TrackingApplication.class, LocalRuntime.class)
			.profiles(RequiredEnvironment.LOCAL_PROFILE)
			.properties("tracking.local.external-kafka=" + Api.bootstrap(this.kafkaConnection),
					"tracking.local.jdbc-url=" + this.jdbcConnection.getJdbcUrl())
			.run("--server.port=0"); // a command-line argument: a default property would
										// lose to application.yaml's 8080
		NotificationOwnership other = this.second.getBean(NotificationOwnership.class);
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			Set<Integer> mine = this.ownership.owned();
			Set<Integer> theirs = other.owned();
			Set<Integer> all = new HashSet<>(mine);
			all.addAll(theirs);
			return !mine.isEmpty() && !theirs.isEmpty() && all.size() == mine.size() + theirs.size() && all.size() == 6;
		});
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.catchUp.caughtUp() && this.second.getBean(CatchUp.class).caughtUp());
	}

	@AfterEach
	void stopSecondReplica() {
		if (this.second != null && this.second.isActive()) {
			this.second.close();
		}
	}

	/**
	 * R9: the history writer's group splits the partitions of both topics between the
	 * replicas, each partition to one of them, and each record reaches the warehouse
	 * once.
	 */
	@Test
	void theHistoryWriterSplitsThePartitionsAndWritesEachRecordOnce() {
		MessageListenerContainer mine = this.listeners.getListenerContainer("history-writer");
		MessageListenerContainer theirs = this.second.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer("history-writer");
		Set<TopicPartition> all = new HashSet<>();
		for (String topic : List.of(Topics.COURIER_POSITIONS, Topics.DELIVERY_EVENTS)) {
			this.kafka.partitionsFor(topic).forEach((p) -> all.add(new TopicPartition(topic, p.partition())));
		}
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			Set<TopicPartition> a = new HashSet<>(mine.getAssignedPartitions());
			Set<TopicPartition> b = new HashSet<>(theirs.getAssignedPartitions());
			// b first: doesNotContainAnyElementsOf throws (no retry) on an empty set
			assertThat(b).isNotEmpty();
			assertThat(a).isNotEmpty().doesNotContainAnyElementsOf(b);
			Set<TopicPartition> union = new HashSet<>(a);
			union.addAll(b);
			assertThat(union).isEqualTo(all);
		});

		Api api = new Api(this.port, this.kafka);
		String prefix = Api.id("r9") + "-";
		Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
		for (int i = 0; i < 300; i++) {
			api.position(prefix + (i % 30), -23.5, -46.6, t0.plusMillis(i), 5f);
		}
		String count = "select count(*) from courier_positions where courier_id like '" + prefix + "%'";
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.jdbc.queryForObject(count, Long.class)).isEqualTo(300));
		assertThat(this.jdbc.queryForObject(
				"select count(distinct (kafka_partition, kafka_offset)) from courier_positions where courier_id like '"
						+ prefix + "%'",
				Long.class))
			.isEqualTo(300);
	}

	@Test
	void bothReplicasHoldTheStateAndTheFleetPublishesEachNotificationOnce() {
		Api api = new Api(this.port, this.kafka);
		Api other = new Api(port(this.second), this.kafka);
		Instant t0 = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
		List<String> orders = new ArrayList<>();
		Map<String, String> couriers = new HashMap<>();
		for (int i = 0; i < 8; i++) {
			String orderId = Api.id("order");
			orders.add(orderId);
			couriers.put(orderId, Api.id("courier"));
			api.created(orderId, Api.id("customer"), "partner-x", DESTINATION, t0);
			api.event(orderId, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(1), couriers.get(orderId));
			api.event(orderId, DeliveryEventType.PICKED_UP, t0.plusSeconds(2), couriers.get(orderId));
			api.event(orderId, DeliveryEventType.OUT_FOR_DELIVERY, t0.plusSeconds(3), couriers.get(orderId));
		}
		String support = api.token(Api.id("agent"), "support");
		String supportOnB = other.token(Api.id("agent"), "support");
		// Each replica must carry the order before its courier arrives: positions and
		// events
		// come on two topics, and an arrival after the end is no arrival.
		await().until(() -> orders.stream()
			.allMatch((o) -> is(api, o, support, "OUT_FOR_DELIVERY") && is(other, o, supportOnB, "OUT_FOR_DELIVERY")));
		for (String orderId : orders) {
			api.position(couriers.get(orderId), DESTINATION.getLat() - 0.003, DESTINATION.getLon(), Instant.now(), 5f);
			api.position(couriers.get(orderId), DESTINATION.getLat() - 0.0001, DESTINATION.getLon(),
					Instant.now().plusMillis(1), 5f);
		}
		await().until(() -> orders.stream().allMatch((o) -> arrived(api, o, support) && arrived(other, o, supportOnB)));
		for (String orderId : orders) {
			api.event(orderId, DeliveryEventType.DELIVERED, t0.plusSeconds(20), couriers.get(orderId));
		}
		await().until(() -> orders.stream()
			.allMatch((o) -> is(api, o, support, "DELIVERED") && is(other, o, supportOnB, "DELIVERED")));

		Set<String> statuses = new HashSet<>();
		for (String orderId : orders) {
			for (String status : List.of("CREATED", "COURIER_ASSIGNED", "PICKED_UP", "OUT_FOR_DELIVERY", "DELIVERED")) {
				statuses.add(orderId + ":STATUS:" + status);
			}
		}
		Map<String, Integer> seen = notifications(Set.copyOf(orders), statuses, orders.size() * 7);
		assertThat(seen.keySet()).containsAll(statuses).hasSize(orders.size() * 7);
		for (String orderId : orders) {
			assertThat(seen.keySet()).filteredOn((id) -> id.startsWith(orderId + ":ARRIVING:")).hasSize(1);
			assertThat(seen.keySet()).filteredOn((id) -> id.startsWith(orderId + ":ARRIVED:")).hasSize(1);
		}
		assertThat(seen.values()).as("each notification published once by the fleet").containsOnly(1);
	}

	@Test
	void aReplicaShuttingDownClosesItsSessionsSoClientsReconnectElsewhere() throws Exception {
		Api other = new Api(port(this.second), this.kafka);
		String token = other.token(Api.id("customer"), "customer");
		CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
		CompletableFuture<String> connected = new CompletableFuture<>();
		WebSocketSession session = new StandardWebSocketClient().execute(new TextWebSocketHandler() {

			@Override
			protected void handleTextMessage(WebSocketSession session, TextMessage message) {
				connected.complete(message.getPayload());
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
				closed.complete(status);
			}

		}, "ws://localhost:" + port(this.second) + "/ws").get(10, TimeUnit.SECONDS);
		session.sendMessage(new TextMessage(
				"CONNECT\naccept-version:1.2\nhost:localhost\nAuthorization:Bearer " + token + "\n\n\u0000"));
		assertThat(connected.get(10, TimeUnit.SECONDS)).startsWith("CONNECTED");

		this.second.close();

		CloseStatus status = closed.get(10, TimeUnit.SECONDS);
		assertThat(status.getCode()).as(status.toString()).isEqualTo(CloseStatus.GOING_AWAY.getCode());
	}

	private Map<String, Integer> notifications(Set<String> orders, Set<String> expected, int count) {
		Map<String, Object> props = Api.consumerProps(this.kafkaConnection, Api.id("notifications"));
		props.put("auto.offset.reset", "earliest");
		Map<String, Integer> seen = new HashMap<>();
		JsonMapper json = JsonMapper.builder().build();
		try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
				new StringDeserializer())
			.createConsumer()) {
			consumer.subscribe(List.of(Topics.NOTIFICATIONS));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			long settleUntil = Long.MAX_VALUE;
			while (System.nanoTime() < Math.min(deadline, settleUntil)) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (orders.contains(record.key())) {
						JsonNode body = json.readTree(record.value().getBytes(StandardCharsets.UTF_8));
						assertThat(body.get("orderId").stringValue()).isEqualTo(record.key());
						assertThat(body.get("partnerId").stringValue()).isEqualTo("partner-x");
						seen.merge(body.get("notificationId").stringValue(), 1, Integer::sum);
					}
				}
				if (settleUntil == Long.MAX_VALUE && seen.keySet().containsAll(expected) && seen.size() >= count) {
					// everything arrived: keep reading a little to catch any duplicate
					settleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
				}
			}
		}
		return seen;
	}

	private static boolean is(Api api, String orderId, String token, String status) {
		Api.Response response = api.get("/v1/orders/" + orderId + "/tracking", token);
		return response.status() == 200 && response.json().get("status").stringValue().equals(status);
	}

	private static boolean arrived(Api api, String orderId, String token) {
		Api.Response response = api.get("/v1/orders/" + orderId + "/tracking", token);
		return response.status() == 200 && response.json().get("arrived").booleanValue();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
