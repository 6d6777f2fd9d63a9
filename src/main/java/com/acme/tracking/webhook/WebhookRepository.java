package com.acme.tracking.webhook;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

/** The webhook registrations (Spring Data JDBC, on the operational database). */
interface WebhookRepository extends ListCrudRepository<Webhook, UUID> {

	List<Webhook> findByPartnerIdOrderByCreatedAt(String partnerId);

	List<Webhook> findByPartnerIdAndEnabledTrue(String partnerId);

}
