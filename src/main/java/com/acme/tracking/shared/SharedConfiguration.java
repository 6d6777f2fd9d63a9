package com.acme.tracking.shared;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every module may inject: the clock (tests replace it). */
@Configuration(proxyBeanMethods = false)
class SharedConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
