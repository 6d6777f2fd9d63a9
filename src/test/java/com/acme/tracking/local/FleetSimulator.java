package com.acme.tracking.local;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.delivery.ingest.DeliveryEvent;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.AvroCodec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Drives a simulated fleet through real Kafka, the way the courier app and upstream
 * ingestion would: orders are created, assigned to a free courier, who drives to the
 * pickup, picks up, goes out for delivery and drives to the destination sending positions
 * every few seconds, then delivers; some orders are cancelled, and a few records are sent
 * late, twice or out of order. Everything runs on one scheduler thread.
 */
class FleetSimulator implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(FleetSimulator.class);

	private static final double METERS_PER_DEGREE = 111_320;

	private static final AvroCodec<DeliveryEvent> EVENTS = AvroCodec.of(DeliveryEvent.class);

	private static final AvroCodec<CourierPosition> POSITIONS = AvroCodec.of(CourierPosition.class);

	private final SimulatorSettings settings;

	private final KafkaTemplate<String, byte[]> kafka;

	private final List<Courier> couriers = new ArrayList<>();

	private final Queue<Trip> waiting = new ArrayDeque<>();

	private final List<Delayed> delayed = new ArrayList<>();

	/**
	 * The newest simulated orders, newest first, for the start page
	 * ({@code /dev/orders}).
	 */
	private final java.util.concurrent.ConcurrentLinkedDeque<String> recent = new java.util.concurrent.ConcurrentLinkedDeque<>();

	private @Nullable ScheduledExecutorService scheduler;

	private double orderCredit;

	private long tick;

	FleetSimulator(SimulatorSettings settings, KafkaTemplate<String, byte[]> kafka) {
		this.settings = settings;
		this.kafka = kafka;
	}

	/** The ids of the newest simulated orders, newest first (at most 40). */
	List<String> recentOrders() {
		return List.copyOf(this.recent);
	}

	@Override
	public void start() {
		if (!this.settings.enabled()) {
			return;
		}
		for (int i = 1; i <= this.settings.couriers(); i++) {
			this.couriers.add(new Courier("courier-" + i, randomPoint()));
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> new Thread(task, "fleet-simulator"));
		this.scheduler.scheduleAtFixedRate(this::safeTick, 1, 1, TimeUnit.SECONDS);
		log.info("Fleet simulator started: {} couriers, {} orders a minute around {},{}", this.settings.couriers(),
				this.settings.ordersPerMinute(), this.settings.centerLat(), this.settings.centerLon());
	}

	@Override
	public void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	private void safeTick() {
		try {
			tick(Instant.now());
		}
		catch (RuntimeException ex) {
			log.warn("Simulator tick failed", ex);
		}
	}

	void tick(Instant now) {
		this.tick++;
		releaseDelayed();
		this.orderCredit += this.settings.ordersPerMinute() / 60.0;
		while (this.orderCredit >= 1) {
			this.orderCredit--;
			createOrder(now);
		}
		assignWaiting(now);
		for (Courier courier : this.couriers) {
			drive(courier, now);
		}
	}

	private void createOrder(Instant now) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String orderId = "order-" + UUID.randomUUID().toString().substring(0, 8);
		String customerId = "customer-" + (1 + random.nextInt(this.settings.customers()));
		String partnerId = "partner-" + (1 + random.nextInt(this.settings.partners()));
		Trip trip = new Trip(orderId, randomPoint(), randomPoint(), random.nextDouble() < this.settings.cancelRate());
		DeliveryEvent created = event(trip, DeliveryEventType.CREATED, now);
		created.setCustomerId(customerId);
		created.setPartnerId(partnerId);
		created.setDestination(trip.destination);
		send(created);
		this.waiting.add(trip);
		this.recent.addFirst(orderId);
		while (this.recent.size() > 40) {
			this.recent.pollLast();
		}
		log.info("Simulated order {} for {} ({})", orderId, customerId, partnerId);
	}

	private void assignWaiting(Instant now) {
		for (Courier courier : this.couriers) {
			if (this.waiting.isEmpty()) {
				return;
			}
			if (courier.trip == null) {
				Trip trip = this.waiting.poll();
				courier.trip = trip;
				trip.phase = Phase.TO_PICKUP;
				DeliveryEvent assigned = event(trip, DeliveryEventType.COURIER_ASSIGNED, now);
				assigned.setCourierId(courier.id);
				assigned.setLocation(courier.point);
				send(assigned);
			}
		}
	}

	private void drive(Courier courier, Instant now) {
		Trip trip = courier.trip;
		if (trip == null) {
			return;
		}
		switch (trip.phase) {
			case TO_PICKUP -> {
				if (trip.cancels && ThreadLocalRandom.current().nextDouble() < 0.05) {
					send(event(trip, DeliveryEventType.CANCELLED, now));
					courier.trip = null;
					return;
				}
				if (move(courier, trip.pickup)) {
					DeliveryEvent picked = event(trip, DeliveryEventType.PICKED_UP, now);
					picked.setCourierId(courier.id);
					picked.setLocation(courier.point);
					send(picked);
					trip.phase = Phase.AT_PICKUP;
					trip.phaseTicks = 0;
				}
			}
			case AT_PICKUP -> {
				if (++trip.phaseTicks >= 4) {
					DeliveryEvent out = event(trip, DeliveryEventType.OUT_FOR_DELIVERY, now);
					out.setCourierId(courier.id);
					out.setLocation(courier.point);
					send(out);
					trip.phase = Phase.TO_DESTINATION;
				}
			}
			case TO_DESTINATION -> {
				if (move(courier, trip.destination)) {
					DeliveryEvent delivered = event(trip, DeliveryEventType.DELIVERED, now);
					delivered.setCourierId(courier.id);
					delivered.setLocation(courier.point);
					send(delivered);
					courier.trip = null;
				}
			}
		}
		if (courier.trip != null && !now.isBefore(courier.nextPositionAt)) {
			sendPosition(courier, now);
			courier.nextPositionAt = now.plus(this.settings.positionInterval());
		}
	}

	/** Moves one second's drive toward {@code target}; true when there. */
	private boolean move(Courier courier, GeoPoint target) {
		double dLat = (target.getLat() - courier.point.getLat()) * METERS_PER_DEGREE;
		double dLon = (target.getLon() - courier.point.getLon()) * METERS_PER_DEGREE
				* Math.cos(Math.toRadians(courier.point.getLat()));
		double distance = Math.hypot(dLat, dLon);
		double speed = this.settings.speedMetersPerSecond() * (0.6 + 0.8 * ThreadLocalRandom.current().nextDouble());
		courier.speed = speed;
		courier.heading = (Math.toDegrees(Math.atan2(dLon, dLat)) + 360) % 360;
		if (distance <= speed) {
			courier.point = new GeoPoint(target.getLat(), target.getLon());
			return true;
		}
		double fraction = speed / distance;
		courier.point = new GeoPoint(courier.point.getLat() + (target.getLat() - courier.point.getLat()) * fraction,
				courier.point.getLon() + (target.getLon() - courier.point.getLon()) * fraction);
		return false;
	}

	private void sendPosition(Courier courier, Instant now) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		double jitter = 4 / METERS_PER_DEGREE;
		CourierPosition position = CourierPosition.newBuilder()
			.setCourierId(courier.id)
			.setLat(courier.point.getLat() + random.nextGaussian() * jitter)
			.setLon(courier.point.getLon() + random.nextGaussian() * jitter)
			.setAccuracyMeters((float) (3 + random.nextDouble() * 12))
			.setSpeedMetersPerSecond((float) courier.speed)
			.setHeadingDegrees((float) courier.heading)
			.setRecordedAt(now)
			.build();
		boolean json = random.nextDouble() < this.settings.jsonRate();
		ProducerRecord<String, byte[]> record = record(Topics.COURIER_POSITIONS, courier.id,
				json ? POSITIONS.encodeJson(position) : POSITIONS.encode(position), json);
		if (random.nextDouble() < this.settings.anomalyRate()) {
			// A late position: it arrives after newer ones and must not move the courier
			// back.
			this.delayed.add(new Delayed(this.tick + 3, record));
		}
		else {
			this.kafka.send(record);
		}
	}

	private void send(DeliveryEvent event) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		boolean json = random.nextDouble() < this.settings.jsonRate();
		ProducerRecord<String, byte[]> record = record(Topics.DELIVERY_EVENTS, event.getOrderId(),
				json ? EVENTS.encodeJson(event) : EVENTS.encode(event), json);
		double anomaly = random.nextDouble();
		if (anomaly < this.settings.anomalyRate() / 2) {
			// A duplicate: the same event id twice.
			this.kafka.send(record);
			this.kafka.send(record);
		}
		else if (anomaly < this.settings.anomalyRate()) {
			// Out of order: it arrives after the order's next event.
			this.delayed.add(new Delayed(this.tick + 8, record));
		}
		else {
			this.kafka.send(record);
		}
	}

	private void releaseDelayed() {
		for (Iterator<Delayed> it = this.delayed.iterator(); it.hasNext();) {
			Delayed next = it.next();
			if (next.atTick <= this.tick) {
				this.kafka.send(next.record);
				it.remove();
			}
		}
	}

	private static ProducerRecord<String, byte[]> record(String topic, String key, byte[] value, boolean json) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
		if (json) {
			record.headers().add("content-type", AvroCodec.JSON_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
		}
		return record;
	}

	private static DeliveryEvent event(Trip trip, DeliveryEventType type, Instant now) {
		return DeliveryEvent.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setOrderId(trip.orderId)
			.setType(type)
			.setOccurredAt(now)
			.build();
	}

	private GeoPoint randomPoint() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		double r = this.settings.radiusMeters() * Math.sqrt(random.nextDouble());
		double theta = random.nextDouble() * 2 * Math.PI;
		double lat = this.settings.centerLat() + r * Math.cos(theta) / METERS_PER_DEGREE;
		double lon = this.settings.centerLon()
				+ r * Math.sin(theta) / (METERS_PER_DEGREE * Math.cos(Math.toRadians(this.settings.centerLat())));
		return new GeoPoint(lat, lon);
	}

	private enum Phase {

		WAITING, TO_PICKUP, AT_PICKUP, TO_DESTINATION

	}

	private static final class Trip {

		final String orderId;

		final GeoPoint pickup;

		final GeoPoint destination;

		final boolean cancels;

		Phase phase = Phase.WAITING;

		int phaseTicks;

		Trip(String orderId, GeoPoint pickup, GeoPoint destination, boolean cancels) {
			this.orderId = orderId;
			this.pickup = pickup;
			this.destination = destination;
			this.cancels = cancels;
		}

	}

	private static final class Courier {

		final String id;

		GeoPoint point;

		@Nullable Trip trip;

		Instant nextPositionAt = Instant.EPOCH;

		double speed;

		double heading;

		Courier(String id, GeoPoint point) {
			this.id = id;
			this.point = point;
		}

	}

	private record Delayed(long atTick, ProducerRecord<String, byte[]> record) {
	}

}
