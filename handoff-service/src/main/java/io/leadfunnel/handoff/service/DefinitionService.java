package io.leadfunnel.handoff.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadfunnel.handoff.config.HandoffConfig;
import io.leadfunnel.handoff.domain.AgreedLeadDefinition;
import io.leadfunnel.handoff.domain.ApprovalSide;
import io.leadfunnel.handoff.domain.DefaultDefinition;
import io.leadfunnel.handoff.domain.DefinitionRuleException;
import io.leadfunnel.handoff.domain.DefinitionVersion;
import io.leadfunnel.handoff.repository.DefinitionRepository;
import io.leadfunnel.handoff.repository.StoredJson;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The agreed definition's versions: drafts, approvals by both sides, activation, diffs. */
@ApplicationScoped
public class DefinitionService {

    private static final Logger LOG = Logger.getLogger(DefinitionService.class);
    /** Who the seeded default is recorded as created and approved by. */
    public static final String SYSTEM = "system";

    private final DefinitionRepository repository;
    private final Clock clock;

    private final Map<Integer, AgreedLeadDefinition> activeContent = new ConcurrentHashMap<>();
    private final RefreshingValue<Optional<Integer>> activePointer;

    public DefinitionService(DefinitionRepository repository, Clock clock, HandoffConfig config) {
        this.repository = repository;
        this.clock = clock;
        this.activePointer = new RefreshingValue<>(() -> repository.activeVersion(), config.cache().refreshInterval());
    }

    /** A version with its status. */
    public record View(DefinitionVersion version, boolean active) {
    }

    /** One changed value between two versions, by JSON path. */
    public record Change(String path, JsonNode from, JsonNode to) {
    }

    /** Seeds the default definition, approved by the system, when there is none. */
    public void seedDefault() {
        if (repository.activeVersion().isPresent() || repository.latestVersion() > 0) {
            return;
        }
        var now = clock.instant();
        DefinitionVersion seed = DefinitionVersion.draft(DefaultDefinition.content(), SYSTEM, now);
        seed.approve(ApprovalSide.MARKETING, SYSTEM + ":marketing", Set.of("marketing"), now);
        seed.approve(ApprovalSide.SALES, SYSTEM + ":sales", Set.of("sales"), now);
        seed.activate(SYSTEM, now);
        if (repository.insert(seed) && repository.moveActivePointer(null, seed.version())) {
            activePointer.invalidate();
            LOG.info("seeded the default agreed lead definition as version 1, approved by the system");
        }
    }

    /**
     * The definition in force. Every fact a lead gets is judged against it, so the content is read once per version:
     * only a draft can be edited, and only an approved version becomes active, so an active version's content never
     * changes. The active pointer is kept too: an activation through this instance takes effect at once, one through
     * another instance within the refresh interval ({@code funnel.handoff.cache.refresh-interval}).
     */
    public Optional<AgreedLeadDefinition> active() {
        return activePointer.get().map(version -> activeContent.computeIfAbsent(version,
                v -> repository.find(v).map(s -> s.version().definition()).orElse(null)));
    }

    public Optional<Integer> activeVersion() {
        return repository.activeVersion();
    }

    public List<View> all() {
        Integer active = repository.activeVersion().orElse(null);
        return repository.all().stream().map(s -> new View(s.version(), Objects.equals(active, s.version().version())))
                .toList();
    }

    public View get(int version) {
        Integer active = repository.activeVersion().orElse(null);
        return new View(load(version).version(), Objects.equals(active, version));
    }

    /** A new draft with the next version number. */
    public View create(AgreedLeadDefinition content, String user) {
        for (int attempt = 0; attempt < 5; attempt++) {
            DefinitionVersion draft = DefinitionVersion.draft(content.withVersion(repository.latestVersion() + 1),
                    user, clock.instant());
            if (repository.insert(draft)) {
                return new View(draft, false);
            }
        }
        throw new ConcurrentUpdateException("definition versions are being created concurrently; retry");
    }

    /** Replaces a draft's content; clears its approvals. */
    public View edit(int version, AgreedLeadDefinition content) {
        return change(version, v -> v.edit(content));
    }

    /** Records one side's approval. */
    public View approve(int version, ApprovalSide side, String user, Set<String> roles) {
        return change(version, v -> v.approve(side, user, roles, clock.instant()));
    }

    /**
     * Activates an approved version. The active pointer moves by compare-and-set from the version active before, so
     * exactly one version is active and the previous one is retired in the same step.
     */
    public View activate(int version, String user) {
        DefinitionRepository.Stored stored = load(version);
        Integer previous = repository.activeVersion().orElse(null);
        requireNotActive(version);
        stored.version().activate(user, clock.instant());
        boolean moved = repository.moveActivePointer(previous, version);
        activePointer.invalidate(); // moved, or another instance moved it: either way what is held is stale
        if (!moved) {
            throw new ActivationConflictException("another version was activated meanwhile; reload and retry");
        }
        // the pointer decides what is active; the stamp only records who activated it and when
        if (!repository.update(stored.version(), stored.rev())) {
            LOG.warnf("definition %d activated, but its activation stamp lost a race; the pointer is authoritative",
                    version);
        }
        return new View(stored.version(), true);
    }

    /** Every value that differs between two versions, by JSON path. */
    public List<Change> diff(int a, int b) {
        JsonNode left = StoredJson.mapper().valueToTree(load(a).version().definition());
        JsonNode right = StoredJson.mapper().valueToTree(load(b).version().definition());
        List<Change> changes = new ArrayList<>();
        compare("", left, right, changes);
        changes.removeIf(c -> c.path().equals("/version"));
        return changes;
    }

    private static void compare(String path, JsonNode left, JsonNode right, List<Change> changes) {
        if (left != null && right != null && left.isObject() && right.isObject()) {
            Set<String> names = new TreeSet<>();
            left.fieldNames().forEachRemaining(names::add);
            right.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(path + "/" + name, left.get(name), right.get(name), changes);
            }
        } else if (!Objects.equals(left, right)) {
            changes.add(new Change(path, left, right));
        }
    }

    private View change(int version, java.util.function.Consumer<DefinitionVersion> change) {
        for (int attempt = 0; attempt < 5; attempt++) {
            DefinitionRepository.Stored stored = load(version);
            requireNotActive(version);
            change.accept(stored.version());
            if (repository.update(stored.version(), stored.rev())) {
                return new View(stored.version(), false);
            }
        }
        throw new ConcurrentUpdateException("definition " + version + " is being changed concurrently; retry");
    }

    private void requireNotActive(int version) {
        if (repository.activeVersion().map(v -> v == version).orElse(false)) {
            throw new DefinitionRuleException("version " + version + " is active; create a new version to change it");
        }
    }

    private DefinitionRepository.Stored load(int version) {
        return repository.find(version).orElseThrow(() -> new NotFoundException("no definition version " + version));
    }
}
