package dev.keelson.shop.common;

import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while MongoDB, where every service of the shop but the storefront stores, answers a ping. */
@Readiness
@ApplicationScoped
public class MongoReadiness implements HealthCheck {
  private final MongoProvider mongo;
  private final SelectedService service;

  public MongoReadiness(MongoProvider mongo, SelectedService service) {
    this.mongo = mongo;
    this.service = service;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("mongodb");
    if (!service.storesData()) return response.up().withData("used", false).build();
    try {
      mongo.database().runCommand(new Document("ping", 1));
      return response.up().build();
    } catch (RuntimeException e) {
      return response.down().withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
    }
  }
}
