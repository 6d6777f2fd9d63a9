package com.acme.tracking.history;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dialect follows the warehouse's JDBC URL ({@code jdbc:redshift:} or
 * {@code jdbc:postgresql:}).
 */
@Configuration(proxyBeanMethods = false)
class WarehouseConfiguration {

	@Bean
	WarehouseDialect warehouseDialect(DataSource dataSource) {
		String url = (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null)
				? hikari.getJdbcUrl() : "jdbc:postgresql:";
		return WarehouseDialect.forUrl(url);
	}

}
