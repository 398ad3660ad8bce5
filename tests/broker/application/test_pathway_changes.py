"""The ward changes its mind about where the person goes: ready to go home with support
(P1), then ready for a care home (P3), then home again. Each time the request for the
pathway dropped is cancelled (what it held released) and the one for the new pathway opens,
or opens again; nobody at the council has to tidy up by hand."""

from __future__ import annotations

from datetime import timedelta

from services.broker.domain.package_request import package_id_for_episode
from services.broker.domain.placement_request import request_id_for_episode
from services.runtime import Runtime
from tests.broker.application.hospital_feed import (
    NOW,
    Hospital,
    broker_of,
    free_nursing_dementia_beds,
    hold_a_bed,
    one_bed_home,
    record_needs,
)


def ready_on(hospital: Hospital, pathway: str, hours_ago: float) -> None:
    hospital.discharge.app.mark_ready(
        hospital.episode_id(), pathway=pathway, occurred_at=NOW - timedelta(hours=hours_ago)
    )
    hospital.runtime.drain()


def test_home_with_support_then_a_care_home_then_home_again(runtime: Runtime) -> None:
    hospital = Hospital(runtime)
    hospital.admit(NOW - timedelta(days=4))
    broker = broker_of(runtime)
    episode = hospital.episode_id()
    package_id, bed_id = package_id_for_episode(episode), request_id_for_episode(episode)

    ready_on(hospital, "P1", 40)
    assert broker.app.package(package_id).stage == "needs_details"
    assert broker.app.find(bed_id) is None

    ready_on(hospital, "P3", 30)  # a care home after all
    package = broker.app.package(package_id)
    assert (package.stage, package.cancel_reason) == ("cancelled", "went_to_a_bed")
    assert broker.app.find(bed_id).stage == "needs_details"  # type: ignore[union-attr]

    ready_on(hospital, "P1", 20)  # home with support again
    assert broker.app.package(package_id).stage == "needs_details"
    bed = broker.app.find(bed_id)
    assert bed is not None and (bed.stage, bed.cancel_reason) == ("cancelled", "pathway_changed")

    ready_on(hospital, "P3", 10)
    assert broker.app.find(bed_id).stage == "needs_details"  # type: ignore[union-attr]
    assert broker.app.package(package_id).stage == "cancelled"
    kinds = [type(e).__name__ for e in broker.app.history(package_id)]
    assert kinds.count("PackageCancelled") == 2 and kinds.count("PackageReopened") == 1


def test_ready_to_go_home_releases_the_bed_held_for_the_person(runtime: Runtime) -> None:
    home_id = one_bed_home(runtime)
    hospital = Hospital(runtime)
    hospital.admit(NOW - timedelta(days=4))
    ready_on(hospital, "P3", 30)
    record_needs(runtime, hospital.request_id())
    hold_a_bed(runtime, hospital.request_id(), home_id)
    assert free_nursing_dementia_beds(runtime, home_id) == 0

    ready_on(hospital, "P0", 5)  # home with no new support: no bed, no package

    bed = broker_of(runtime).app.find(hospital.request_id())
    assert bed is not None and (bed.stage, bed.cancel_reason) == ("cancelled", "pathway_changed")
    assert free_nursing_dementia_beds(runtime, home_id) == 1  # back on the market
    assert (
        broker_of(runtime).app.find_package(package_id_for_episode(hospital.episode_id())) is None
    )


def test_ready_again_on_the_same_pathway_or_without_one_changes_nothing(runtime: Runtime) -> None:
    hospital = Hospital(runtime)
    hospital.admit(NOW - timedelta(days=4))
    ready_on(hospital, "P1", 30)
    broker = broker_of(runtime)
    package_id = package_id_for_episode(hospital.episode_id())
    before = len(broker.app.history(package_id))
    ready_on(hospital, "P1", 20)
    hospital.discharge.app.mark_ready(
        hospital.episode_id(), pathway=None, occurred_at=NOW - timedelta(hours=10)
    )
    runtime.drain()
    assert len(broker.app.history(package_id)) == before
    assert broker.app.package(package_id).stage == "needs_details"
