package com.acme.tracking.webhook;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.data.jdbc.core.convert.DataAccessStrategy;
import org.springframework.data.jdbc.core.convert.IdGeneratingEntityCallback;
import org.springframework.data.jdbc.core.convert.JdbcConverter;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.convert.RelationResolver;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.core.dialect.JdbcPostgresDialect;
import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.context.ApplicationContext;

/**
 * The operational database, beside the warehouse and never mistaken for it: its beans are
 * not default candidates, so the warehouse's data source, JDBC template and transactions
 * stay the ones Spring Boot makes. Flyway migrates it from
 * {@code db/operational/postgresql} at start; the repositories of this package use it
 * through Spring Data JDBC (Boot's own Data JDBC configuration is off:
 * {@code spring.data.jdbc.repositories.enabled=false}, since it would pick the warehouse,
 * which may be Redshift).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${tracking.operational.url:}' != ''")
@EnableJdbcRepositories(basePackageClasses = OperationalDatabase.class, jdbcOperationsRef = "operationalJdbc",
		transactionManagerRef = "operationalTransactions")
class OperationalDatabase extends AbstractJdbcConfiguration {

	static final String SCHEMA_LOCATION = "classpath:db/operational/postgresql";

	@Bean(defaultCandidate = false, destroyMethod = "close")
	@Qualifier("operational")
	HikariDataSource operationalDataSource(OperationalDatabaseSettings settings,
			ObjectProvider<OperationalConnection> connection) {
		OperationalConnection where = connection
			.getIfAvailable(() -> new OperationalConnection(settings.url(), settings.username(), settings.password()));
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName("operational");
		dataSource.setJdbcUrl(where.url());
		dataSource.setUsername(where.username());
		dataSource.setPassword(where.password());
		dataSource.setMaximumPoolSize(settings.maximumPoolSize());
		dataSource.setConnectionTimeout(5000);
		// a database that is down at start degrades webhooks only
		dataSource.setInitializationFailTimeout(-1);
		return dataSource;
	}

	@Bean(defaultCandidate = false)
	@Qualifier("operational")
	OperationalMigration operationalMigration(@Qualifier("operational") DataSource dataSource) {
		return new OperationalMigration(Flyway.configure()
			.dataSource(dataSource)
			.locations(SCHEMA_LOCATION)
			.table("flyway_operational_history")
			.load());
	}

	@Bean(defaultCandidate = false)
	NamedParameterJdbcTemplate operationalJdbc(@Qualifier("operational") DataSource dataSource,
			@Qualifier("operational") OperationalMigration migration) {
		migration.migrate();
		return new NamedParameterJdbcTemplate(dataSource);
	}

	@Bean(defaultCandidate = false)
	DataSourceTransactionManager operationalTransactions(@Qualifier("operational") DataSource dataSource) {
		return new DataSourceTransactionManager(dataSource);
	}

	@Bean(defaultCandidate = false)
	@Qualifier("operational")
	TransactionTemplate operationalTransaction(
			@Qualifier("operationalTransactions") DataSourceTransactionManager transactions) {
		return new TransactionTemplate(transactions);
	}

	// Spring Data JDBC, on the operational database only (PostgreSQL: no dialect guess)

	@Override
	@Bean
	public JdbcDialect jdbcDialect(@Qualifier("operationalJdbc") NamedParameterJdbcOperations operations) {
		return JdbcPostgresDialect.INSTANCE;
	}

	@Override
	@Bean
	public JdbcConverter jdbcConverter(JdbcMappingContext mappingContext,
			@Qualifier("operationalJdbc") NamedParameterJdbcOperations operations,
			@org.springframework.context.annotation.Lazy RelationResolver relationResolver,
			JdbcCustomConversions conversions, JdbcDialect dialect) {
		return super.jdbcConverter(mappingContext, operations, relationResolver, conversions, dialect);
	}

	@Override
	@Bean
	public DataAccessStrategy dataAccessStrategyBean(
			@Qualifier("operationalJdbc") NamedParameterJdbcOperations operations, JdbcConverter converter,
			JdbcMappingContext context, JdbcDialect dialect) {
		return super.dataAccessStrategyBean(operations, converter, context, dialect);
	}

	@Override
	@Bean
	public IdGeneratingEntityCallback idGeneratingBeforeSaveCallback(JdbcMappingContext mappingContext,
			@Qualifier("operationalJdbc") NamedParameterJdbcOperations operations, JdbcDialect dialect) {
		return super.idGeneratingBeforeSaveCallback(mappingContext, operations, dialect);
	}

	@Override
	@Bean
	public JdbcAggregateTemplate jdbcAggregateTemplate(ApplicationContext applicationContext,
			JdbcMappingContext mappingContext, JdbcConverter converter, DataAccessStrategy dataAccessStrategy) {
		return super.jdbcAggregateTemplate(applicationContext, mappingContext, converter, dataAccessStrategy);
	}

	/** Flyway for the operational schema, run once before the first use. */
	static final class OperationalMigration {

		private final Flyway flyway;

		private volatile boolean done;

		OperationalMigration(Flyway flyway) {
			this.flyway = flyway;
		}

		synchronized void migrate() {
			if (!this.done) {
				this.flyway.migrate();
				this.done = true;
			}
		}

	}

}
