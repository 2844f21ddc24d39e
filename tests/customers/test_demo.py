from customers.models import Customer, FleetAccount, Vehicle, VehicleSale
from customers.validation import normalize_plate, vin_check_digit_ok
from organization.management.commands.seed_demo import Command
from surveys.models import Callback


def test_the_demo_customers_are_realistic_and_loading_twice_adds_nothing(db):
    Command().handle()
    counts = (Customer.objects.count(), Vehicle.objects.count(), VehicleSale.objects.count(), Callback.objects.count())
    Command().handle()
    assert counts == (
        Customer.objects.count(),
        Vehicle.objects.count(),
        VehicleSale.objects.count(),
        Callback.objects.count(),
    )
    assert all(vin_check_digit_ok(vin) for vin in Vehicle.objects.values_list("vin", flat=True))
    plates = list(Vehicle.objects.values_list("plate", flat=True))
    assert all(normalize_plate(plate) == plate for plate in plates)
    assert any(len(plate) == 8 for plate in plates)  # new-energy plates
    assert FleetAccount.objects.get().status == FleetAccount.Status.ACTIVE
    assert VehicleSale.objects.count() >= 2 and Callback.objects.filter(source__startswith="sale:").exists()
