package com.acme.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Stops a start that still sets a setting under its old name: it would be ignored
 * silently, and the service would run with the default instead of what the operator
 * chose. Names the new key for each.
 */
public class RenamedSettings implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	/** Old key → new key (each module binds its own prefix since issue 15). */
	static final Map<String, String> RENAMED = renamed();

	private static Map<String, String> renamed() {
		Map<String, String> renamed = new LinkedHashMap<>();
		for (String key : List.of("arriving-radius", "arrived-radius", "eta-detour-factor", "evict-ended-after",
				"evict-idle-after", "eviction-interval")) {
			renamed.put("tracking.live." + key, "tracking.delivery." + key);
		}
		renamed.put("tracking.live.stale-after", "tracking.courier.stale-after");
		renamed.put("tracking.live.evict-silent-couriers-after", "tracking.courier.evict-silent-after");
		renamed.put("tracking.live.notification-group", "tracking.notification.group");
		return Map.copyOf(renamed);
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		List<String> found = new ArrayList<>();
		RENAMED.forEach((old, now) -> {
			if (environment.containsProperty(old)) {
				found.add(old + " is now " + now);
			}
		});
		if (!found.isEmpty()) {
			found.sort(null);
			throw new IllegalStateException(
					"Renamed setting(s): " + String.join("; ", found) + ". See the configuration table in README.md.");
		}
	}

}
