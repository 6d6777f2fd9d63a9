package com.acme.tracking;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.acme.tracking.local.LocalRuntime;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A full-application test against the real embedded Kafka broker and PostgreSQL of the
 * local runtime (random ports, simulator off). Tests with the same configuration share
 * one application context, broker and database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(LocalRuntime.class)
@ActiveProfiles(RequiredEnvironment.LOCAL_PROFILE)
@ExtendWith(PatientAwaits.class)
public @interface TrackingIntegrationTest {

}
