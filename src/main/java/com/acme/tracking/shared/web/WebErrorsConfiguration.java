package com.acme.tracking.shared.web;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The error model at the edges: every {@code /v1} endpoint refuses query parameters it
 * does not take ({@link UnknownParameters}), and what Tomcat refuses itself gets a
 * problem body ({@link ProblemReportValve}; {@code /error} is {@link ErrorProblems}).
 */
@Configuration(proxyBeanMethods = false)
class WebErrorsConfiguration implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new UnknownParameters()).addPathPatterns("/v1/**");
	}

	/**
	 * Replaces the host's error report valves (Tomcat's, and the one Spring Boot adds to
	 * hide the server's name) with {@link ProblemReportValve}. Runs after Spring Boot's
	 * own customizer, so that its valve is already there to be replaced.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
		return new OrderedCustomizer();
	}

	private static final class OrderedCustomizer
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				Container parent = context.getParent();
				if (parent instanceof StandardHost host) {
					for (Valve valve : host.getPipeline().getValves()) {
						if (valve instanceof ErrorReportValve) {
							host.getPipeline().removeValve(valve);
						}
					}
					host.setErrorReportValveClass(ProblemReportValve.class.getName());
					host.getPipeline().addValve(new ProblemReportValve());
				}
			});
		}

	}

}
