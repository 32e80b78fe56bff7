package io.firebreak.server.config;

import java.util.List;

/**
 * The whole of {@code firebreak.yml}. Every field has a default, applied in the compact
 * constructors before validation, so an empty file (or no file) is a working SQLite setup.
 */
public record AppConfig(
        StorageConfig storage,
        PrometheusConfig prometheus,
        DetectionConfig detection,
        List<String> ruleFiles,
        ServerConfig server,
        ApiConfig api,
        List<ChannelConfig> channels,
        List<RouteConfig> routes,
        List<InhibitRuleConfig> inhibitRules,
        List<ServiceConfig> services,
        IngestionConfig ingestion,
        List<PersonConfig> people,
        List<EscalationPolicyConfig> escalationPolicies,
        List<ScheduleConfig> schedules,
        CompensationConfig compensation,
        List<TierConfig> tiers,
        List<BackupConfig> backups,
        List<DrillConfig> drills,
        List<ProcedureConfig> procedures,
        PostMortemConfig postmortems,
        CommunicationConfig communication,
        List<StakeholderConfig> stakeholders) {

    public AppConfig {
        storage = storage == null ? new StorageConfig(null, null, null, null) : storage;
        prometheus = prometheus == null ? new PrometheusConfig(null, null) : prometheus;
        detection = detection == null ? new DetectionConfig(null, null, null) : detection;
        ruleFiles = ruleFiles == null ? List.of() : List.copyOf(ruleFiles);
        server = server == null ? new ServerConfig(null, null) : server;
        api = api == null ? new ApiConfig(null) : api;
        channels = channels == null ? List.of() : List.copyOf(channels);
        routes = routes == null ? List.of() : List.copyOf(routes);
        inhibitRules = inhibitRules == null ? List.of() : List.copyOf(inhibitRules);
        services = services == null ? List.of() : List.copyOf(services);
        ingestion = ingestion == null ? new IngestionConfig(null, null, null) : ingestion;
        people = people == null ? List.of() : List.copyOf(people);
        escalationPolicies = escalationPolicies == null ? List.of() : List.copyOf(escalationPolicies);
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
        compensation = compensation == null ? CompensationConfig.defaults() : compensation;
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
        backups = backups == null ? List.of() : List.copyOf(backups);
        drills = drills == null ? List.of() : List.copyOf(drills);
        procedures = procedures == null ? List.of() : List.copyOf(procedures);
        postmortems = postmortems == null ? PostMortemConfig.defaults() : postmortems;
        communication = communication == null ? CommunicationConfig.defaults() : communication;
        stakeholders = stakeholders == null ? List.of() : List.copyOf(stakeholders);
    }

    /** The configuration used when there is no file at all. */
    public static AppConfig defaults() {
        return new AppConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The person of this name, if configured. */
    public java.util.Optional<PersonConfig> person(String name) {
        return people.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The tier of this number, if configured. */
    public java.util.Optional<TierConfig> tier(int number) {
        return tiers.stream().filter(t -> t.tier() == number).findFirst();
    }

    /** The service of this name, if configured. */
    public java.util.Optional<ServiceConfig> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The schedule of this name, if configured. */
    public java.util.Optional<ScheduleConfig> schedule(String name) {
        return schedules.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
