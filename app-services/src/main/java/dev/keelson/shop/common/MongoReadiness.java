package dev.keelson.shop.common;

import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while MongoDB, where every service of the shop stores, answers a ping. */
@Readiness
@ApplicationScoped
public class MongoReadiness implements HealthCheck {
  private final MongoProvider mongo;

  public MongoReadiness(MongoProvider mongo) {
    this.mongo = mongo;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("mongodb");
    try {
      mongo.database().runCommand(new Document("ping", 1));
      return response.up().build();
    } catch (RuntimeException e) {
      return response.down().withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
    }
  }
}
