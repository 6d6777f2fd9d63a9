# syntax=docker/dockerfile:1
# Multi-stage build: compile with the Maven wrapper on JDK 17 (the bytecode level), extract
# the Spring Boot jar into layers, run on a Java 25 JRE as a non-root user.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY api api
COPY db db
COPY src src
RUN ./mvnw -B -ntp package -DskipTests \
 && java -Djarmode=tools -jar target/delivery-tracking-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 tracking && useradd --system --uid 10001 --gid tracking tracking
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001
EXPOSE 8080
# Container-aware heap (70% of the memory limit), exit on OutOfMemoryError so the
# orchestrator restarts the pod; Avro only instantiates generated classes from trusted packages.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Dorg.apache.avro.SERIALIZABLE_PACKAGES=com.acme.tracking"
# Liveness over plain bash (the JRE image has no curl or wget).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
